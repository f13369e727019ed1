// One capture's IKEv2 and ESP state, and the one entry the glue calls for both.
//
//   glue (Wireshark)                    core/session::Capture
//   ----------------                    ---------------------------------------------
//   IKE message, first pass  --ike()--> IkeSaTable     one record per IKE SA (ike_sa.hpp):
//                                                      algorithms, nonces, ciphers,
//                                                      requests, state, CHILD_SAs
//                                       IkeDecryptor   SK / SKF verified and decrypted,
//                                                      keys without SPIs bound by ICV
//                                       SkfReassembler RFC 7383 fragments joined
//                                       ChildSaDeriver CHILD_SA keys from SK_d
//                                       Tracker        requests, responses, SA life cycle
//                           <--------- IkeFrame (plain, trivially copyable)
//   ESP packet, first pass   --esp()--> EspDecryptor   keys: the user's, then derived
//                           <--------- EspFrame
//   later passes             --ike()/esp() with first_pass false--> the same frames
//
// The decryptor, the deriver and the tracker keep no IKE SA of their own: each reads and
// writes the message's record in the one IkeSaTable.
//
// The glue keeps nothing but the frames' results, which the Capture keeps too: a later
// pass (the GUI re-dissecting, tshark -2) asks again and gets what the first pass found,
// never a new state. Messages are fed in frame order on the first pass.
//
// What the frames point to (plaintexts, reassembled messages) is owned by the Capture
// and stays where it is until the Capture is destroyed (the glue's cleanup routine).
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "../analysis/tracker.hpp"
#include "../decryptor.hpp"
#include "../esp/child_sa_keys.hpp"
#include "../esp/esp_decryptor.hpp"
#include "../esp/null_heuristic.hpp"
#include "../ike_sa.hpp"
#include "../keys/key_store.hpp"
#include "../message.hpp"
#include "../summary.hpp"
#include "frame_results.hpp"
#include "skf_reassembler.hpp"

namespace ikev2::session {

struct Options {
    analysis::Tracker::Options tracker;
    // Plaintext whose ICV failed (CBC, CTR, NULL) is shown, marked unauthenticated; it
    // never reaches the analysis or the CHILD_SA key derivation either way.
    bool ike_unauthenticated = true;
    // An ESP packet without keys is tried as NULL encryption (esp/null_heuristic.hpp).
    bool esp_null_guess = false;
};

// Where one IKE message was seen. A frame may carry several (RFC 8229 TCP): `offset`
// tells them apart.
struct IkePacket {
    uint32_t frame = 0;
    uint32_t offset = 0;
    double time = 0;
    Endpoint src, dst;
    ByteView message;  // from the IKE header on; spans in results are relative to it
    // parse_message(message), when the caller has it already (the glue parses to draw):
    // the first pass then does not parse the message a second time.
    const Message* parsed = nullptr;
};

// The outcome of the message's encrypted payload (SK, or this frame's SKF fragment).
struct SkFrame {
    DecryptOutcome::Kind kind = DecryptOutcome::Kind::NoKeys;
    crypto::Status status = crypto::Status::Ok;
    bool integrity_checked = false;
    bool decrypted = false;   // `plaintext` is what decrypting gave
    bool padding_ok = false;  // ... and it is the inner payload chain alone
    bool from_capture = false;
    bool first_miss = false;
    bool bound_by_icv = false;  // keys without SPIs were bound to the IKE SA by this message
    crypto::Transforms algorithms;
    Span iv, ciphertext, icv;
    // Owned by the Capture: `plaintext` is followed in memory by `trailer`, the Padding and
    // the Pad Length octet (padding_ok), so one view of both is the decrypted data whole.
    ByteView plaintext;
    ByteView trailer;
    const char* bound_from = nullptr;  // bound_by_icv: "file:line" of the keys (Capture's)
};

// What one IKEv2 message gave.
struct IkeFrame {
    bool ikev2 = false;        // a well-formed IKEv2 header: the message was tracked
    // The IKE SA table is full and this message's IKE SA is not in it: no algorithms,
    // analysis or CHILD_SA keys for it (IkeSaTable::kMaxSas).
    bool sa_refused = false;
    // Another bound refused what this message brought: a CHILD_SA, a request waiting for
    // its response, an analysis record, a CHILD_SA key record.
    bool analysis_refused = false;
    bool encrypted = false;    // the message ends in SK or SKF
    SkFrame sk;
    // The encrypted payload's plaintext is shown: verified, or decrypted with a bad ICV
    // and Options::ike_unauthenticated on.
    bool shown = false;
    bool unauthenticated = false;           // shown although this payload's ICV failed
    bool payloads_unauthenticated = false;  // the inner payloads are not authenticated
    // The inner payload chain: the SK plaintext, or, in the frame that completed an SKF
    // message, the reassembled plaintext; `inner_first` is its first payload type.
    bool complete = false;
    ByteView inner;
    uint8_t inner_first = 0;
    // SKF.
    uint16_t skf_number = 0, skf_total = 0;
    SkfReassembler::Result skf_result = SkfReassembler::Result::Kept;
    uint32_t reassembled = 0;     // this frame completed message `reassembled` (1-based)
    uint32_t reassembled_in = 0;  // the frame that completed this fragment's message, once it has
    // This fragment was dropped from the reassembler to make room (its message waited
    // longest when the bound was reached): the message is never completed.
    bool skf_dropped = false;
    uint32_t record = 0;       // analysis record handle (Tracker::record), 0 when none
    // A response choosing ESP: how its CHILD_SA's keys were found (outcome NotEsp when it
    // chose none), and the CHILD_SA it created (IkeSaTable::child), 0 when none was.
    esp::ChildKeysResult child_keys;
    uint32_t child = 0;
};
static_assert(std::is_trivially_copyable_v<IkeFrame>);

// What one ESP packet gave (see esp/esp_decryptor.hpp for the meanings).
struct EspFrame {
    esp::EspOutcome::Kind kind = esp::EspOutcome::Kind::NoKeys;
    crypto::Status status = crypto::Status::Ok;
    crypto::Status key_status = crypto::Status::Ok;
    bool integrity_checked = false, in_place = false, derived = false, first_miss = false,
         nonstandard_padding = false, esn = false, address_mismatch = false;
    bool esn_inferred = false, esn_inferred_now = false;
    bool unauthenticated = false;
    uint8_t pad_length = 0, next_header = 0;
    crypto::Transforms transforms;  // the SA's, as its keys name them (has_keys)
    Span iv, encrypted, icv;
    uint32_t plain_len = 0, payload_len = 0;
    uint32_t seq_hi = 0;        // ESN high half the first pass used
    bool has_keys = false;
    uint32_t derived_in = 0;    // frame whose exchange derived the keys, or 0
    esp::SeqEvent seq;
    uint32_t sa_id = 0;
    // No keys, and Options::esp_null_guess took the packet for NULL encryption.
    bool null_guessed = false;
    esp::NullGuess null_guess;

    // Plaintext to show: verified (or NULL), or decrypted although the ICV failed.
    bool has_plaintext(bool show_unauthenticated) const {
        return kind == esp::EspOutcome::Kind::Done &&
               (status == crypto::Status::Ok || status == crypto::Status::BadPadding ||
                (unauthenticated && show_unauthenticated));
    }
};
static_assert(std::is_trivially_copyable_v<EspFrame>);

// Everything the glue draws of one IKE message, made again on every pass (parsing is
// cheaper than keeping every parse for the life of the capture): the message parsed, what
// the capture found on the first pass, the decrypted inner payloads parsed, and the texts
// of the Info column, the summary field and the Flow Graph.
struct IkeView {
    Message message;
    bool ikev2 = false;                          // a well-formed IKEv2 header
    const IkeFrame* frame = nullptr;             // nullptr: not IKEv2, or not seen on the first pass
    const IkeSaAlgorithms* algorithms = nullptr; // of the message's IKE SA, once learned
    // frame->complete: the inner payload chain (spans into frame->inner).
    std::vector<Payload> inner;
    Issues inner_issues;
    bool opened = false;       // `inner` is authenticated: the analysis takes it as fact
    std::string head;          // "IKE_SA_INIT MID=0 Initiator Request"
    std::string summary;       // head and every payload
    std::string info;          // the Info column: head and the payloads `info_detail` keeps
    std::string ladder;        // the Flow Graph label (messages the tracker recorded)
};

// Which of IkeView's texts Capture::view() makes (the others stay empty).
struct ViewTexts {
    bool info = true;     // IkeView::info: there are columns
    bool summary = true;  // IkeView::summary: there is a tree
};

class Capture {
public:
    explicit Capture(const Options& o);
    Capture() : Capture(Options{}) {}

    // The frame of an IKE message. On the first pass (`first_pass`, frame order) the
    // message is processed with `user_keys` (keys without SPIs may be bound in it); on
    // later passes the first pass's frame is returned, or nullptr when it never saw it.
    const IkeFrame* ike(const IkePacket& p, keys::KeyStore& user_keys, bool first_pass);

    // The message of `p` for drawing: parsed, processed on the first pass (ike()), its
    // inner payloads parsed, its texts made; `info_detail` is the Info column's. Texts
    // nobody shows (no columns, no tree) are left empty.
    void view(const IkePacket& p, keys::KeyStore& user_keys, bool first_pass,
              SummaryDetail info_detail, IkeView& out, ViewTexts texts = {});

    // The frame of an ESP packet (`packet` from the SPI on, `src` / `dst` the outer IP
    // addresses). First pass: decrypted into `alloc`'s buffer, returned in `*plaintext`
    // (nullptr when read in place or not decrypted). Later passes: decrypted again with
    // the SA's cipher into `alloc`'s buffer when the first pass had plaintext.
    const EspFrame* esp(uint32_t frame, uint32_t offset, ByteView packet, ByteView src,
                        ByteView dst, const keys::KeyStore& user_keys, bool first_pass,
                        esp::EspDecryptor::Alloc alloc, void* alloc_ctx, uint8_t** plaintext);

    // For the tree and the taps.
    const IkeSaAlgorithms* algorithms(uint64_t spi_i, uint64_t spi_r) const {
        const IkeSa* sa = sas_.find(spi_i, spi_r);
        return sa && sa->selected.learned_in ? &sa->selected : nullptr;
    }
    const IkeSaTable& sas() const { return sas_; }
    const SkfReassembler::Message* reassembled(uint32_t index) const { return skf_.message(index); }
    const analysis::Tracker& tracker() const { return tracker_; }
    const keys::KeyStore& derived_keys() const { return children_.keys(); }
    esp::EspDecryptor& esp_sas() { return esp_; }
    const IkeDecryptor& decryptor() const { return decryptor_; }
    // Every ESP SA's keys, the user's and those derived so far, in Wireshark's esp_sa
    // rows (esp/export.hpp): for the export the user asks for, never while dissecting.
    std::string esp_sa_export(const keys::KeyStore& user_keys, size_t* count = nullptr) const;
    const Options& options() const { return opt_; }

private:
    void decrypt(const IkePacket& p, const Message& m, IkeSa* sa, keys::KeyStore& user_keys, IkeFrame& f);
    ByteView keep(std::vector<uint8_t>&& bytes);
    // ike(); with `view`, the inner chain an authenticated message has on the first pass
    // is parsed into view->inner (and inner_issues) for the tree to draw, and
    // *view_inner_parsed set.
    const IkeFrame* process(const IkePacket& p, keys::KeyStore& user_keys, bool first_pass,
                            IkeView* view, bool* view_inner_parsed);
    void note_child_keys(const IkeSa& sa, uint32_t frame, IkeFrame& f);

    Options opt_;
    IkeSaTable sas_;
    IkeDecryptor decryptor_;
    SkfReassembler skf_;
    esp::ChildSaDeriver children_;
    analysis::Tracker tracker_;
    esp::EspDecryptor esp_;
    FrameResults<IkeFrame> ike_frames_;
    FrameResults<EspFrame> esp_frames_;
    std::deque<std::vector<uint8_t>> plaintexts_;  // SK plaintexts the frames point into
    std::deque<std::string> texts_;                // texts the frames point to
    std::vector<uint64_t> dropped_;                // scratch: fragments the reassembler dropped
};

}  // namespace ikev2::session
