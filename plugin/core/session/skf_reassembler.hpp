// RFC 7383 fragments put back together: each SKF payload is verified and decrypted on
// its own (crypto/sk.hpp); the plaintexts of one message (IKE SA, message ID, direction)
// are kept until every fragment 1..Total Fragments has been seen, then joined in order.
//
// RFC 7383 2.6: the receiver reassembles from the decrypted fragments; the Next Payload
// of fragment 1 names the first inner payload. A fragment seen twice (retransmitted) is
// kept once, and a message whose total changes between fragments starts again.
//
// Bounded for hostile captures: at most kMaxFragments per message (about 600 KB at
// IPv6's minimum MTU, far more than any real IKE message), kMaxOpen messages waiting at
// once and kMaxBytes of plaintext waiting in all. Past those the message that has waited
// longest is dropped (a long capture's lost fragments must not stop reassembly for
// good); add() reports the fragments dropped so the caller can say so.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <tuple>
#include <vector>

#include "../bytes.hpp"

namespace ikev2::session {

class SkfReassembler {
public:
    static constexpr uint16_t kMaxFragments = 512;
    static constexpr size_t kMaxOpen = 1u << 14;
    static constexpr size_t kMaxBytes = size_t{64} << 20;

    // One fragment of a completed message, in fragment order. `ref` is the caller's
    // reference of the fragment (Capture: frame << 32 | offset).
    struct Piece {
        uint64_t ref;
        uint32_t length;
    };

    // A completed message: its plaintext and the fragments it came from.
    struct Message {
        std::vector<uint8_t> plaintext;
        std::vector<Piece> pieces;
        uint8_t first_payload = 0;
        bool unauthenticated = false;  // some fragment's ICV failed
        uint64_t completed_in = 0;     // ref of the fragment that completed it
    };

    enum class Result : uint8_t {
        Kept,          // waiting for more fragments
        Completed,     // this fragment completed a message: see message()
        Duplicate,     // this fragment number was already kept (a retransmission)
        BadNumber,     // number outside 1..total
        TooManyTotal,  // Total Fragments above kMaxFragments: not reassembled
    };

    // Add fragment `number` of `total` of the message (spi_i, spi_r, message_id,
    // from_initiator); `first_payload` is its Next Payload (meaningful in fragment 1).
    // On Completed, `*index` is the message's 1-based index for message(). The refs of
    // fragments dropped to make room (messages that waited longest) are appended to
    // `dropped`.
    Result add(uint64_t spi_i, uint64_t spi_r, uint32_t message_id, bool response,
               uint16_t number, uint16_t total, uint8_t first_payload, ByteView plaintext,
               bool unauthenticated, uint64_t ref, uint32_t* index, std::vector<uint64_t>* dropped);

    // The completed message `index` (1-based); nullptr for 0 or out of range. It stays
    // where it is for the reassembler's life.
    const Message* message(uint32_t index) const;
    size_t open() const { return open_.size(); }

private:
    using Key = std::tuple<uint64_t, uint64_t, uint32_t, bool>;
    struct Open {
        uint16_t total = 0;
        uint16_t have = 0;
        uint8_t first_payload = 0;
        bool unauthenticated = false;
        std::vector<std::vector<uint8_t>> parts;  // by number - 1
        std::vector<uint64_t> refs;
        std::vector<uint8_t> seen;
        uint64_t serial = 0;  // order of creation, for dropping the oldest
        size_t bytes = 0;     // plaintext kept
    };
    void drop(std::map<uint64_t, Key>::iterator age, std::vector<uint64_t>* dropped);
    std::map<Key, Open> open_;
    std::map<uint64_t, Key> by_age_;  // serial -> key of the open messages
    uint64_t serial_ = 0;
    size_t waiting_bytes_ = 0;
    std::deque<Message> done_;  // stable: the glue keeps pointers into it
};

}  // namespace ikev2::session
