#include "capture.hpp"

#include <variant>

#include "../analysis/ladder.hpp"
#include "../esp/export.hpp"
#include "../iana.hpp"

namespace ikev2::session {

namespace {

uint64_t frame_key(uint32_t frame, uint32_t offset) { return (uint64_t{frame} << 32) | offset; }

}  // namespace

Capture::Capture(const Options& o) : opt_(o), tracker_(sas_, o.tracker) {
    // Kept by the core whatever the preference: whether ESP plaintext with a bad ICV is
    // shown is the tree's call (EspFrame::has_plaintext).
    esp_.set_unauthenticated_plaintext(true);
}

ByteView Capture::keep(std::vector<uint8_t>&& bytes) {
    plaintexts_.push_back(std::move(bytes));
    const std::vector<uint8_t>& b = plaintexts_.back();
    return ByteView(b.data(), b.size());
}

void Capture::decrypt(const IkePacket& p, const Message& m, IkeSa* sa, keys::KeyStore& user_keys,
                      IkeFrame& f) {
    const Payload& last = m.payloads.back();
    f.encrypted = true;
    DecryptOutcome o = decryptor_.decrypt(user_keys, sa, p.message, m, last);
    SkFrame& s = f.sk;
    s.kind = o.kind;
    s.status = o.result.status;
    s.integrity_checked = o.result.integrity_checked;
    s.decrypted = o.result.decrypted;
    s.padding_ok = o.result.padding_ok;
    s.from_capture = o.from_capture;
    s.first_miss = o.first_miss;
    s.bound_by_icv = o.bound_by_icv;
    if (o.bound_by_icv && o.keys) {
        texts_.push_back(o.keys->source.file + ":" + std::to_string(o.keys->source.line));
        s.bound_from = texts_.back().c_str();
    }
    s.algorithms = o.algorithms;
    s.iv = o.result.iv;
    s.ciphertext = o.result.ciphertext;
    s.icv = o.result.icv;
    if (!o.result.plaintext.empty() || o.result.padding_ok) {
        const size_t chain = o.result.plaintext.size();
        std::vector<uint8_t> whole = std::move(o.result.plaintext);
        if (o.result.padding_ok) {
            whole.insert(whole.end(), o.result.padding.begin(), o.result.padding.end());
            whole.push_back(o.result.pad_length);
        }
        const ByteView kept = keep(std::move(whole));
        s.plaintext = kept.sub(0, chain);
        s.trailer = kept.from(chain);
    }

    // What decrypting gave is shown when it verified, or, by option, when only the ICV
    // failed (never with an AEAD cipher: it gives no plaintext then).
    const bool done = o.kind == DecryptOutcome::Kind::Done && s.decrypted;
    const bool bad_icv = done && s.status == crypto::Status::IcvMismatch;
    f.shown = done && (!bad_icv || opt_.ike_unauthenticated);
    f.unauthenticated = f.shown && bad_icv;
    if (!f.shown || !s.padding_ok) return;  // no inner chain to parse
    if (last.type == iana::payload::kSK) {
        f.payloads_unauthenticated = f.unauthenticated;
        f.inner = s.plaintext;
        f.inner_first = last.next_payload;
        f.complete = true;
        return;
    }
    // SKF: decrypted alone, joined with the other fragments (RFC 7383). A fragment that
    // failed its ICV makes the whole message unauthenticated.
    const auto& b = std::get<SkfBody>(last.content);
    f.skf_number = b.fragment_number;
    f.skf_total = b.total_fragments;
    uint32_t index = 0;
    const uint64_t ref = frame_key(p.frame, p.offset);
    f.skf_result = skf_.add(m.header.spi_i, m.header.spi_r, m.header.message_id, m.header.response(),
                            b.fragment_number, b.total_fragments, last.next_payload, s.plaintext,
                            f.unauthenticated, ref, &index, &dropped_);
    for (uint64_t d : dropped_) {
        if (d == ref) {
            f.skf_dropped = true;
            continue;
        }
        if (IkeFrame* earlier = ike_frames_.find(d)) earlier->skf_dropped = true;
    }
    dropped_.clear();
    if (f.skf_result != SkfReassembler::Result::Completed) return;
    const SkfReassembler::Message* whole = skf_.message(index);
    f.reassembled = index;
    f.reassembled_in = p.frame;
    // The earlier fragments learn where their message was completed (later passes).
    for (const SkfReassembler::Piece& piece : whole->pieces) {
        IkeFrame* earlier = ike_frames_.find(piece.ref);
        if (earlier && piece.ref != ref) earlier->reassembled_in = p.frame;
    }
    f.inner = ByteView(whole->plaintext.data(), whole->plaintext.size());
    f.inner_first = whole->first_payload;
    f.payloads_unauthenticated = whole->unauthenticated;
    f.complete = true;
}

// The CHILD_SA the tracker created for this response learns how its ESP keys were found.
void Capture::note_child_keys(const IkeSa& sa, uint32_t frame, IkeFrame& f) {
    const esp::ChildKeysResult& k = f.child_keys;
    for (auto it = sa.children.rbegin(); it != sa.children.rend(); ++it) {
        ChildSa* c = sas_.child(*it);
        if (c->created_frame != frame) break;
        if (c->protocol != iana::protocol::kEsp || c->spi_r != k.spi_to_responder) continue;
        c->algorithms = k.transforms;
        c->transport = k.transport;
        c->keys = k.outcome;
        c->key_status = k.status;
        f.child = c->id;
        return;
    }
}

const IkeFrame* Capture::ike(const IkePacket& p, keys::KeyStore& user_keys, bool first_pass) {
    return process(p, user_keys, first_pass, nullptr, nullptr);
}

const IkeFrame* Capture::process(const IkePacket& p, keys::KeyStore& user_keys, bool first_pass,
                                 IkeView* view, bool* view_inner_parsed) {
    const uint64_t key = frame_key(p.frame, p.offset);
    if (const IkeFrame* found = ike_frames_.find(key)) return found;
    if (!first_pass) return nullptr;
    IkeFrame& f = ike_frames_.add(key);
    Message own;
    if (!p.parsed) own = parse_message(p.message);
    const Message& m = p.parsed ? *p.parsed : own;
    if (!m.header_ok || m.header.major != 2) return &f;
    f.ikev2 = true;
    const Header& h = m.header;
    const uint64_t refusals = sas_.refusals();
    uint32_t restart_of = 0;
    IkeSa* sa = sas_.find_or_create(h, p.src, p.dst, p.frame, p.time, &restart_of);
    f.sa_refused = sa == nullptr;
    if (sa) learn_ike_sa_init(*sa, m, p.message, p.frame);
    if (!m.payloads.empty() && (m.payloads.back().type == iana::payload::kSK ||
                                m.payloads.back().type == iana::payload::kSKF))
        decrypt(p, m, sa, user_keys, f);

    // Payloads that are not authenticated are shown but never taken as fact: the key
    // derivation and the analysis see such a message as one they could not decrypt.
    const bool opened = f.complete && !f.payloads_unauthenticated;
    std::vector<Payload> own_inner;
    Issues own_issues;
    std::vector<Payload>& inner = view ? view->inner : own_inner;
    if (opened) {
        parse_payload_chain(f.inner, f.inner_first, inner, view ? view->inner_issues : own_issues);
        if (view_inner_parsed) *view_inner_parsed = true;
    }
    const std::vector<Payload>* seen = opened ? &inner : nullptr;
    const ByteView seen_bytes = opened ? f.inner : ByteView();

    // Requests, responses and the SA life cycle.
    analysis::Observation o;
    o.sa = sa;
    o.restart_of = restart_of;
    o.frame = p.frame;
    o.time = p.time;
    o.src = p.src;
    o.dst = p.dst;
    o.message = &m;
    o.bytes = p.message;
    o.inner = seen;
    o.inner_bytes = seen_bytes;

    // CHILD_SAs and their ESP keys (RFC 7296 2.17), from a response and the request the
    // tracker kept in the IKE SA; then the tracker (which drops an answered request and
    // creates the CHILD_SA record).
    bool deriver_refused = false;
    if (sa && h.response()) {
        const uint32_t requester = h.initiator() ? 1 : 0;
        children_.observe(*sa, m, p.message, seen, seen_bytes,
                          sas_.request_for(*sa, h.exchange, requester, h.message_id), p.frame,
                          user_keys.find_ike(h.spi_i, h.spi_r), f.child_keys, &deriver_refused);
    }
    f.record = tracker_.observe(o);
    if (sa && f.child_keys.outcome != ChildKeyOutcome::NotEsp) note_child_keys(*sa, p.frame, f);
    const analysis::MessageRecord* r = tracker_.record(f.record);
    f.analysis_refused = deriver_refused || (sa && sas_.refusals() != refusals) ||
                         (sa && !f.record && tracker_.full()) || (r && r->truncated);
    return &f;
}

void Capture::view(const IkePacket& p, keys::KeyStore& user_keys, bool first_pass,
                   SummaryDetail info_detail, IkeView& out, ViewTexts texts) {
    out.message = parse_message(p.message);
    const Message& m = out.message;
    out.ikev2 = m.header_ok && m.header.major == 2;
    if (!out.ikev2) return;
    IkePacket parsed = p;
    parsed.parsed = &m;
    bool inner_parsed = false;  // by the first pass, for the analysis
    const IkeFrame* f = out.frame = process(parsed, user_keys, first_pass, &out, &inner_parsed);
    if (f) out.algorithms = algorithms(m.header.spi_i, m.header.spi_r);
    if (f && f->complete && !inner_parsed)
        parse_payload_chain(f->inner, f->inner_first, out.inner, out.inner_issues);
    out.opened = f && f->complete && !f->payloads_unauthenticated;

    // The summary field has every payload; the Info column may leave out the routine ones.
    const bool shown = f && f->complete;
    const bool unauth = f && (f->unauthenticated || f->payloads_unauthenticated);
    out.head = header_summary(m.header);
    auto text = [&](SummaryDetail d) {
        std::string s = out.head;
        const std::string ps = payloads_summary(m.payloads, shown ? &out.inner : nullptr, unauth,
                                                m.header.response(), d);
        if (!ps.empty()) s += "  " + ps;
        return s;
    };
    if (texts.summary) out.summary = text(SummaryDetail::Full);
    if (texts.info)
        out.info = info_detail == SummaryDetail::Full && texts.summary ? out.summary : text(info_detail);
    if (f && f->record) out.ladder = analysis::ladder_label(m, out.opened ? &out.inner : nullptr);
}

const EspFrame* Capture::esp(uint32_t frame, uint32_t offset, ByteView packet, ByteView src,
                             ByteView dst, const keys::KeyStore& user_keys, bool first_pass,
                             esp::EspDecryptor::Alloc alloc, void* alloc_ctx, uint8_t** plaintext) {
    *plaintext = nullptr;
    const uint64_t key = frame_key(frame, offset);
    if (const EspFrame* found = esp_frames_.find(key)) {
        // A later pass: the outcome is kept, the plaintext is made again.
        const EspFrame& f = *found;
        if (f.has_plaintext(true) && !f.in_place) {
            uint8_t* out = alloc(packet.size, alloc_ctx);
            if (out) {
                const esp::EspResult r = esp_.decrypt_again(f.sa_id, packet, f.esn, f.seq_hi, out);
                if (r.status == f.status && r.unauthenticated == f.unauthenticated) *plaintext = out;
            }
        }
        return &f;
    }
    if (!first_pass) return nullptr;
    EspFrame& f = esp_frames_.add(key);
    const esp::EspOutcome o =
        esp_.process(user_keys, children_.keys(), packet, src, dst, frame, alloc, alloc_ctx);
    f.kind = o.kind;
    f.status = o.result.status;
    f.key_status = o.key_status;
    f.integrity_checked = o.result.integrity_checked;
    f.in_place = o.result.in_place;
    f.derived = o.derived;
    f.address_mismatch = o.address_mismatch;
    f.first_miss = o.first_miss;
    f.nonstandard_padding = o.result.nonstandard_padding;
    f.pad_length = o.result.pad_length;
    f.next_header = o.result.next_header;
    f.iv = o.result.iv;
    f.encrypted = o.result.encrypted;
    f.icv = o.result.icv;
    f.plain_len = o.result.plain_len;
    f.payload_len = o.result.payload_len;
    f.seq = o.seq;
    f.seq_hi = static_cast<uint32_t>(o.seq.seq >> 32);
    f.sa_id = o.sa_id;
    f.esn = o.esn;
    f.esn_inferred = o.esn_inferred;
    f.esn_inferred_now = o.esn_inferred_now;
    f.unauthenticated = o.result.unauthenticated;
    if (o.keys) {
        f.transforms = *o.keys;
        f.has_keys = true;
        if (o.derived) f.derived_in = o.keys->source.line;
    }
    if (o.kind == esp::EspOutcome::Kind::NoKeys && opt_.esp_null_guess)
        f.null_guessed = esp::guess_null_esp(packet, src, dst, f.null_guess);
    if (!o.result.in_place) *plaintext = o.plaintext;
    return &f;
}

std::string Capture::esp_sa_export(const keys::KeyStore& user_keys, size_t* count) const {
    std::vector<const keys::EspSaKeys*> v = user_keys.esp_sas();
    for (const keys::EspSaKeys* k : children_.keys().esp_sas()) v.push_back(k);
    if (count) *count = v.size();
    return esp::export_esp_sa(v);
}

}  // namespace ikev2::session
