#include "skf_reassembler.hpp"

namespace ikev2::session {

void SkfReassembler::drop(std::map<uint64_t, Key>::iterator age, std::vector<uint64_t>* dropped) {
    auto it = open_.find(age->second);
    for (uint16_t i = 0; i < it->second.total; i++) {
        if (!it->second.seen[i]) continue;
        waiting_bytes_ -= it->second.parts[i].size();
        if (dropped) dropped->push_back(it->second.refs[i]);
    }
    open_.erase(it);
    by_age_.erase(age);
}

SkfReassembler::Result SkfReassembler::add(uint64_t spi_i, uint64_t spi_r, uint32_t message_id,
                                           bool response, uint16_t number, uint16_t total,
                                           uint8_t first_payload, ByteView plaintext,
                                           bool unauthenticated, uint64_t ref, uint32_t* index,
                                           std::vector<uint64_t>* dropped) {
    if (total > kMaxFragments) return Result::TooManyTotal;
    if (number == 0 || number > total) return Result::BadNumber;
    const Key key{spi_i, spi_r, message_id, response};
    auto it = open_.find(key);
    if (it != open_.end() && it->second.total != total) {
        // The total changed: a new message under the same ID (RFC 7383 2.6 says the
        // fragments of one message all carry the same total). Start again.
        for (const auto& part : it->second.parts) waiting_bytes_ -= part.size();
        by_age_.erase(it->second.serial);
        open_.erase(it);
        it = open_.end();
    }
    if (it != open_.end() && it->second.seen[number - 1]) return Result::Duplicate;
    if ((it != open_.end() ? it->second.bytes : 0) + plaintext.size > kMaxBytes) {
        // This message alone would hold more than kMaxBytes: it is never kept.
        if (it != open_.end()) drop(by_age_.find(it->second.serial), dropped);
        if (dropped) dropped->push_back(ref);
        return Result::Kept;
    }
    // Room: the messages that waited longest go first, never this one.
    auto over = [&] {
        return waiting_bytes_ + plaintext.size > kMaxBytes || (it == open_.end() && open_.size() >= kMaxOpen);
    };
    while (over()) {
        auto age = by_age_.begin();
        if (it != open_.end() && age->second == key) ++age;
        drop(age, dropped);  // never the end: this message alone fits
    }
    if (it == open_.end()) {
        Open o;
        o.total = total;
        o.parts.resize(total);
        o.refs.assign(total, 0);
        o.seen.assign(total, 0);
        o.serial = ++serial_;
        by_age_.emplace(o.serial, key);
        it = open_.emplace(key, std::move(o)).first;
    }
    Open& o = it->second;
    o.parts[number - 1].assign(plaintext.data, plaintext.data + plaintext.size);
    o.refs[number - 1] = ref;
    o.seen[number - 1] = 1;
    waiting_bytes_ += plaintext.size;
    o.bytes += plaintext.size;
    o.have++;
    if (number == 1) o.first_payload = first_payload;
    o.unauthenticated = o.unauthenticated || unauthenticated;
    if (o.have < o.total) return Result::Kept;

    Message m;
    size_t n = 0;
    for (const auto& part : o.parts) n += part.size();
    m.plaintext.reserve(n);
    m.pieces.reserve(o.total);
    for (uint16_t i = 0; i < o.total; i++) {
        m.plaintext.insert(m.plaintext.end(), o.parts[i].begin(), o.parts[i].end());
        m.pieces.push_back({o.refs[i], static_cast<uint32_t>(o.parts[i].size())});
    }
    m.first_payload = o.first_payload;
    m.unauthenticated = o.unauthenticated;
    m.completed_in = ref;
    waiting_bytes_ -= n;
    by_age_.erase(o.serial);
    open_.erase(it);
    done_.push_back(std::move(m));
    if (index) *index = static_cast<uint32_t>(done_.size());
    return Result::Completed;
}

const SkfReassembler::Message* SkfReassembler::message(uint32_t index) const {
    return index == 0 || index > done_.size() ? nullptr : &done_[index - 1];
}

}  // namespace ikev2::session
