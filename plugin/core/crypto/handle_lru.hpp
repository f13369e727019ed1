// A bound on open crypto handles, kept in least-recently-used order.
//
// A libgcrypt cipher or MAC handle costs several kB (an AES-GCM handle holds its tables),
// and a carrier's capture has hundreds of thousands of SAs. Both the ESP decryptor
// (per ESP SA) and the IKE decryptor (per IKE SA and direction) keep at most `max` open:
// each owner embeds a Hook, calls used() whenever it uses its handle, and forget() when it
// closes the handle itself. When the bound is passed, the owner used longest ago is
// handed to `close`, which closes its handle; the owner keeps its keys and opens the
// handle again when it next needs it.
#pragma once

#include <cstddef>
#include <list>

namespace ikev2::crypto {

template <class T>
class HandleLru {
public:
    struct Hook {
        T* owner = nullptr;
        typename std::list<Hook*>::iterator at;
        bool listed = false;
    };

    explicit HandleLru(size_t max) : max_(max ? max : 1) {}
    void set_max(size_t n) { max_ = n ? n : 1; }
    size_t max() const { return max_; }
    size_t size() const { return list_.size(); }
    // Only together with every owner (their hooks point into the list).
    void clear() { list_.clear(); }

    // `owner`'s handle (open now) was just used: first in the order. The owners beyond the
    // bound, used longest ago, go to `close(T&)`; never `owner` itself.
    template <class Close>
    void used(T& owner, Hook& h, Close close) {
        if (h.listed) {
            if (list_.front() != &h) list_.splice(list_.begin(), list_, h.at);
        } else {
            list_.push_front(&h);
            h.at = list_.begin();
            h.listed = true;
            h.owner = &owner;
        }
        while (list_.size() > max_) {
            Hook* last = list_.back();
            list_.pop_back();
            last->listed = false;
            close(*last->owner);
        }
    }

    // The owner closed its handle (or is about to): out of the order.
    void forget(Hook& h) {
        if (!h.listed) return;
        list_.erase(h.at);
        h.listed = false;
    }

private:
    std::list<Hook*> list_;  // last used first
    size_t max_;
};

}  // namespace ikev2::crypto
