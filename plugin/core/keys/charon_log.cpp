// strongSwan charon logs at level 4 (port of tests/lab/lab-extract.py, which reads the
// same logs for the lab). A charon line is "<thread>[<GROUP>] [<name|uid>] message" after
// any prefix (time, syslog); its hex dumps are
//
//   10[IKE] <psk|1> Sk_ei secret => 16 bytes @ 0x5651fb2178a0
//   10[IKE] <psk|1>    0: 52 45 48 C3 84 B4 86 15 97 08 2D 2A 7E 22 A7 FD  REH.......-*~"..
//
// Where the keys come from (strongSwan 5.9):
//   IKEv2   keymat_v2.c   DBG4 "Sk_d secret %B" ... "Sk_pr secret %B" (order d, ai, ar,
//           ei, er, pi, pr), on the thread that derives them, under the IKE_SA's unique
//           ID; for a rekeyed IKE SA under the old SA's ID until "IKE_SA x[n] rekeyed".
//   CHILD   child_sa.c    DBG4 "encryption initiator key %B" ... "integrity responder
//           key %B", then "CHILD_SA x{n} established with SPIs <in>_i <out>_o". There
//           "initiator" / "responder" name the side that started the exchange creating
//           the CHILD_SA, not the IKE SA's original initiator: the node that parsed a
//           response (it sent the request) sends with the initiator keys.
// IKE SPIs, none of which the key lines carry, come from (whichever the log has):
//   ENC level 4   "generating rule 0 IKE_SPI" / "rule 1" and their 8-octet dumps,
//   MGR level 2   "checkout IKEv2 SA [by message ]with SPIs <i>_i <r>_r" followed by
//                 "IKE_SA x[n] successfully checked out" on the same thread,
//   swanctl --list-sas lines in the same file: "x: #n, ESTABLISHED, IKEv2, <i>_i <r>_r".
// Algorithms come from the "selected proposal:" lines, addresses of ESP SAs from
// "IKE_SA x[n] established between L[id]...R[id]".
#include <map>
#include <set>

#include "crypto/algorithms.hpp"
#include "readers.hpp"

namespace ikev2::keys::detail {

namespace {

const char* const kIkeLabels[] = {"Sk_d secret",  "Sk_ai secret", "Sk_ar secret", "Sk_ei secret",
                                  "Sk_er secret", "Sk_pi secret", "Sk_pr secret"};
enum IkeSlot { kD, kAi, kAr, kEi, kEr, kPi, kPr };

// Child key slots: encryption/integrity x initiator/responder.
const char* const kChildLabels[] = {"encryption initiator key", "encryption responder key",
                                    "integrity initiator key", "integrity responder key"};
enum ChildSlot { kEncI, kEncR, kIntI, kIntR };

struct LogLine {
    std::string thread, name, uid;
    std::string_view msg;
};

// Find "<digits>[<GROUP>] " after any prefix (a time stamp, syslog's host and program
// name: kMaxPrefix octets at most); then an optional "<name|uid> " or "<uid> ". Lines of
// other formats (100,000 native key lines of hex digits) are not searched to their end.
constexpr size_t kMaxPrefix = 160;
bool parse_prefix(std::string_view line, LogLine& out) {
    // Most lines of a large key file are not charon's: without a '[' there is no prefix.
    if (line.substr(0, kMaxPrefix).find('[') == std::string_view::npos) return false;
    for (size_t i = 0; i < line.size() && i < kMaxPrefix; i++) {
        const char c = line[i];
        if (c < '0' || c > '9') continue;
        if (i > 0 && line[i - 1] != ' ' && line[i - 1] != '\t') continue;
        size_t j = i;
        while (j < line.size() && line[j] >= '0' && line[j] <= '9') j++;
        if (j - i > 4 || j >= line.size() || line[j] != '[') continue;
        size_t k = j + 1;
        while (k < line.size() && line[k] >= 'A' && line[k] <= 'Z') k++;
        if (k - j - 1 < 2 || k - j - 1 > 4 || k >= line.size() || line[k] != ']') continue;
        if (k + 1 < line.size() && line[k + 1] != ' ') continue;
        out.thread = std::string(line.substr(i, j - i));
        out.name.clear();
        out.uid.clear();
        std::string_view rest = k + 2 <= line.size() ? line.substr(k + 2) : std::string_view();
        if (!rest.empty() && rest[0] == '<') {
            size_t gt = rest.find('>');
            if (gt != std::string_view::npos) {
                std::string_view inner = rest.substr(1, gt - 1);
                size_t bar = inner.rfind('|');
                std::string_view uid =
                    bar == std::string_view::npos ? inner : inner.substr(bar + 1);
                if (all_digits(uid)) {
                    out.uid = std::string(uid);
                    if (bar != std::string_view::npos) out.name = std::string(inner.substr(0, bar));
                    rest = rest.substr(gt + 1);
                    if (!rest.empty() && rest[0] == ' ') rest.remove_prefix(1);
                }
            }
        }
        out.msg = rest;
        return true;
    }
    return false;
}

// "   16: 76 B2 77 ...  v.w..." -> the octets (hex column is 48 characters wide).
bool dump_line(std::string_view msg, std::vector<uint8_t>& out) {
    size_t i = 0;
    while (i < msg.size() && msg[i] == ' ') i++;
    size_t j = i;
    while (j < msg.size() && msg[j] >= '0' && msg[j] <= '9') j++;
    if (j == i || j + 1 >= msg.size() || msg[j] != ':' || msg[j + 1] != ' ') return false;
    std::string_view hex = msg.substr(j + 2, 48);
    out.clear();
    for (std::string_view t : split_ws(hex)) {
        if (t.size() != 2 || !is_hex(t[0]) || !is_hex(t[1])) break;
        uint64_t v = 0;
        parse_hex_number(t, 1, v);
        out.push_back(static_cast<uint8_t>(v));
    }
    return true;
}

// "<label> => <n> bytes @ <address>"
bool dump_header(std::string_view msg, std::string& label, size_t& n) {
    size_t arrow = msg.find(" => ");
    if (arrow == std::string_view::npos) return false;
    std::string_view rest = msg.substr(arrow + 4);
    size_t sp = rest.find(' ');
    if (sp == std::string_view::npos || !starts_with(rest.substr(sp), " bytes @")) return false;
    uint64_t v;
    if (!parse_uint(rest.substr(0, sp), 1u << 20, v)) return false;
    label = std::string(trim(msg.substr(0, arrow)));
    n = static_cast<size_t>(v);
    return true;
}

bool spi_token(std::string_view t, std::string_view suffix, uint64_t& v) {
    if (!ends_with(t, suffix)) return false;
    std::string_view h = t.substr(0, t.size() - suffix.size());
    if (h.size() != 16 || !all_hex(h)) return false;
    return parse_hex_number(h, 8, v).empty();
}

// A strongSwan proposal "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048".
struct Proposal {
    std::string proto;
    bool has_encr = false;
    uint16_t encr_id = 0, encr_bits = 0;
    std::string encr_token;  // first token nothing else claimed, for messages
    bool has_integ = false;
    IntegChoice integ;
    std::string integ_token;
    uint16_t prf_id = 0;
    bool esn = false;
    bool esn_known = false;  // EXT_SEQ or NO_EXT_SEQ, not both (a selected proposal)
};

Proposal split_proposal(std::string_view text) {
    Proposal p;
    size_t colon = text.find(':');
    if (colon == std::string_view::npos) return p;
    p.proto = std::string(text.substr(0, colon));
    std::string_view rest = text.substr(colon + 1);
    size_t i = 0;
    while (i <= rest.size()) {
        size_t j = rest.find('/', i);
        std::string_view tok =
            trim(rest.substr(i, j == std::string_view::npos ? std::string_view::npos : j - i));
        if (!tok.empty()) {
            if (tok == "NO_EXT_SEQ") {
                p.esn_known = !p.esn_known && !p.esn;
            } else if (tok == "EXT_SEQ") {
                p.esn_known = !p.esn_known;
                p.esn = true;
            } else if (starts_with(tok, "PRF_")) {
                parse_prf_name(tok, p.prf_id);
            } else if (starts_with(tok, "HMAC_") || starts_with(tok, "AES_XCBC") ||
                       starts_with(tok, "AES_CMAC")) {
                p.integ_token = std::string(tok);
                p.has_integ = parse_integ_name(tok, p.integ);
            } else if (!p.has_encr && p.encr_token.empty()) {
                p.encr_token = std::string(tok);
                p.has_encr = parse_encr_name(tok, p.encr_id, p.encr_bits) &&
                             crypto::find_encr(p.encr_id, p.encr_bits) != nullptr;
            }
        }
        if (j == std::string_view::npos) break;
        i = j + 1;
    }
    return p;
}

enum class DumpFor : uint8_t { Ignore, IkeKey, ChildKey, Spi };

struct OpenDump {
    unsigned line = 0;
    std::string label;
    size_t want = 0;
    std::vector<uint8_t> got;
    DumpFor what = DumpFor::Ignore;
    size_t index = 0;  // key set / child key set
    int slot = 0;      // key slot, or IKE_SPI rule 0/1
    std::string uid;
};

struct KeySet {
    std::string uid, name;
    unsigned line = 0;
    std::string proposal;
    bool has_spis = false;
    uint64_t spi_i = 0, spi_r = 0;
    bool rekey_pending = false;
    bool rekeyed = false;
    bool from_list = false;  // SPIs from a swanctl --list-sas line
    bool failed = false;     // a dump was cut short (reported)
    std::vector<uint8_t> keys[7];
    bool have[7] = {};
};

struct ChildKeys {
    unsigned line = 0;
    std::string role;  // last exchange message of the SA: "request", "response", "initiating"
    bool failed = false;
    std::vector<uint8_t> keys[4];
    bool have[4] = {};
};

struct Hosts {
    std::string local, remote;
};

struct Child {
    unsigned line = 0;
    std::string uid, name, spi_in, spi_out, proposal;
    Hosts hosts;     // of its IKE SA when it was established ("" when not logged)
    long keys = -1;  // index into child_keys
};

}  // namespace

struct CharonReader::State {
    bool any_keys = false;  // at least one key dump seen: missing keys are then errors
    std::map<std::string, OpenDump> open;  // thread -> dump in progress
    std::vector<KeySet> keysets;
    std::map<std::string, size_t> cur_ike;  // thread -> key set
    std::vector<ChildKeys> child_keys;
    std::map<std::string, size_t> pending_child;  // uid -> child key set
    std::set<std::string> seen_children;          // uid, name{n}, SPIs already taken
    // Last "selected proposal" per (unique ID, protocol) and per (thread, protocol), with
    // its line: the newer of the two is taken (a rekeyed IKE SA's responder selects under
    // the old SA's ID and logs the keys under the new one, on the same thread).
    std::map<std::pair<std::string, std::string>, std::pair<unsigned, std::string>> last_prop,
        last_prop_thread;
    std::map<std::string, std::string> last_parsed;  // uid -> request/response/initiating
    std::map<std::string, std::pair<uint64_t, uint64_t>> last_pair;  // uid -> SPIs
    std::map<std::string, std::pair<int, std::string>> expect_rule;  // thread -> (rule, uid)
    std::map<std::string, uint64_t> spi0;                            // thread -> rule 0 IKE_SPI
    std::map<std::string, std::pair<uint64_t, uint64_t>> mgr;        // thread -> checkout SPIs
    std::set<std::string> established;   // uids seen established / rekeyed
    std::map<std::string, Hosts> hosts;  // uid -> addresses
    std::map<std::string, std::pair<uint64_t, uint64_t>> list_sas;  // uid -> SPIs (swanctl)

    // The two ESP SAs of a CHILD_SA, added when its "established" line is read (its key
    // dumps, proposal and IKE SA addresses all come before it).
    void add_child(Ctx& ctx, const Child& c);

    // One handler per kind of log line (CharonReader::line); each true when it took the line.
    bool continue_dump(Ctx& ctx, const LogLine& l);
    bool enc_mgr_line(const LogLine& l, unsigned line, std::string_view tm);
    bool dump_header_line(const LogLine& l, unsigned line);
    bool message_line(const LogLine& l, const std::vector<std::string_view>& t);
    bool ike_sa_line(const LogLine& l, const std::vector<std::string_view>& t, std::string_view tm);
    void child_sa_line(Ctx& ctx, const LogLine& l, unsigned line, const std::vector<std::string_view>& t);

    std::string proposal_for(const std::string& uid, const std::string& thread,
                             const char* proto) const {
        auto a = last_prop.find({uid, proto});
        auto b = last_prop_thread.find({thread, proto});
        if (a == last_prop.end()) return b == last_prop_thread.end() ? "" : b->second.second;
        if (b == last_prop_thread.end() || a->second.first >= b->second.first)
            return a->second.second;
        return b->second.second;
    }

    void note_pair(const std::string& uid, uint64_t i, uint64_t r) {
        if (uid.empty() || i == 0 || r == 0) return;
        last_pair[uid] = {i, r};
        for (KeySet& ks : keysets) {
            if (ks.uid == uid && !ks.has_spis && !ks.rekey_pending) {
                ks.has_spis = true;
                ks.spi_i = i;
                ks.spi_r = r;
            }
        }
    }

    void finish_dump(OpenDump& d, const std::string& thread) {
        switch (d.what) {
        case DumpFor::Ignore: break;
        case DumpFor::IkeKey:
            keysets[d.index].keys[d.slot] = std::move(d.got);
            keysets[d.index].have[d.slot] = true;
            break;
        case DumpFor::ChildKey:
            child_keys[d.index].keys[d.slot] = std::move(d.got);
            child_keys[d.index].have[d.slot] = true;
            break;
        case DumpFor::Spi: {
            if (d.got.size() != 8) break;
            uint64_t v = 0;
            for (uint8_t b : d.got) v = v << 8 | b;
            if (d.slot == 0) {
                spi0[thread] = v;
            } else {
                auto it = spi0.find(thread);
                if (it != spi0.end()) {
                    note_pair(d.uid, it->second, v);
                    spi0.erase(it);
                }
            }
            break;
        }
        }
    }

    // A dump that stopped before its length: one error, its key set is dropped.
    void cut_short(Ctx& ctx, OpenDump& d) {
        if (d.what == DumpFor::IkeKey) {
            keysets[d.index].failed = true;
        } else if (d.what == DumpFor::ChildKey) {
            child_keys[d.index].failed = true;
        } else {
            return;  // dumps we do not use
        }
        ctx.error(d.line, d.label,
                  "hex dump ends after " + std::to_string(d.got.size()) + " of " +
                      std::to_string(d.want) + " octets");
    }
};

void CharonReader::State::add_child(Ctx& ctx, const Child& c) {
    State& s = *this;
    const Proposal p = split_proposal(c.proposal);
    if (p.proto == "AH") return;  // AH carries no ESP keys
    if (c.keys < 0) {
        if (s.any_keys)
            ctx.error(c.line, "CHILD_SA keys",
                      "no key dumps before CHILD_SA " + c.name + " was established");
        return;
    }
    ChildKeys& ck = s.child_keys[static_cast<size_t>(c.keys)];
    if (ck.failed) return;
    if (!p.has_encr) {
        ctx.error(c.line, "ESP proposal",
                  c.proposal.empty()
                      ? "no \"selected proposal: ESP:...\" line for CHILD_SA " + c.name
                      : "unknown encryption algorithm " + shown(p.encr_token));
        return;
    }
    const crypto::EncrAlgorithm* alg = crypto::find_encr(p.encr_id, p.encr_bits);
    IntegChoice ic;
    integ_from_id(0, ic);
    if (p.has_integ) {
        ic = p.integ;
    } else if (!p.integ_token.empty()) {
        ctx.error(c.line, "ESP proposal", "unknown integrity algorithm " + shown(p.integ_token));
        return;
    }
    // The side that started the exchange sends with the "initiator" keys.
    const bool initiated = ck.role == "response" || ck.role == "initiating";
    const int out_e = initiated ? kEncI : kEncR, in_e = initiated ? kEncR : kEncI;
    const int out_a = initiated ? kIntI : kIntR, in_a = initiated ? kIntR : kIntI;
    const Hosts& h = c.hosts;
    struct Dir {
        const std::string* src;
        const std::string* dst;
        const std::string* spi;
        int e, a;
    };
    const Dir dirs[2] = {{&h.local, &h.remote, &c.spi_out, out_e, out_a},
                         {&h.remote, &h.local, &c.spi_in, in_e, in_a}};
    for (const Dir& d : dirs) {
        EspSaKeys k;
        uint64_t spi;
        if (d.spi->size() != 8 || !parse_hex_number(*d.spi, 4, spi).empty()) {
            ctx.error(c.line, "SPIs", "not 8 hex digits");
            break;
        }
        k.spi = static_cast<uint32_t>(spi);
        if (!d.src->empty()) parse_exact_address(*d.src, k.src);
        if (!d.dst->empty()) parse_exact_address(*d.dst, k.dst);
        k.family = k.src.family;
        // ENCR_NULL has no key: strongSwan logs no dump for it.
        if (!ck.have[d.e] && !(alg && alg->key_material() == 0)) {
            ctx.error(ck.line, kChildLabels[d.e], "missing from the log");
            break;
        }
        k.encr_key = ck.keys[d.e];
        std::string why = check_encr_key(k.encr_key.size(), p.encr_id, p.encr_bits);
        if (!why.empty()) {
            ctx.error(ck.line, kChildLabels[d.e], why + " (" + p.encr_token + ")");
            break;
        }
        if (!(alg && alg->aead) && !ic.takes_no_key) {
            k.integ_key = ck.keys[d.a];
            why = check_integ_key(k.integ_key.size(), ic);
            if (!why.empty()) {
                ctx.error(ck.line, kChildLabels[d.a], why);
                break;
            }
        }
        k.encr_id = p.encr_id;
        k.encr_key_bits = p.encr_bits;
        k.integ_id = ic.id;
        k.icv_unchecked = ic.icv_unchecked;
        k.esn = p.esn;
        k.esn_known = p.esn_known;
        ctx.add_esp(std::move(k), KeyFormat::CharonLog, c.line);
    }
}

CharonReader::CharonReader() : s_(new State) {}
CharonReader::~CharonReader() {
    delete s_;
}

bool CharonReader::line(Ctx& ctx, unsigned line, std::string_view text) {
    LogLine l;
    if (!parse_prefix(text, l)) return false;
    State& s = *s_;
    if (s.continue_dump(ctx, l)) return true;
    const std::string_view tm = trim(l.msg);
    if (s.enc_mgr_line(l, line, tm) || s.dump_header_line(l, line)) return true;
    const std::vector<std::string_view> t = split_ws(tm);
    if (!s.message_line(l, t) && !s.ike_sa_line(l, t, tm)) s.child_sa_line(ctx, l, line, t);
    return true;  // any other charon line holds no keys
}

// A hex dump line continues the dump open on this thread; anything else on the thread
// ends that dump early. True when the line was a dump line.
bool CharonReader::State::continue_dump(Ctx& ctx, const LogLine& l) {
    State& s = *this;
    const std::string_view msg = l.msg;
    auto od = s.open.find(l.thread);
    std::vector<uint8_t> octets;
    if (dump_line(msg, octets)) {
        if (od != s.open.end()) {
            OpenDump& d = od->second;
            for (uint8_t b : octets)
                if (d.got.size() < d.want) d.got.push_back(b);
            if (d.got.size() >= d.want) {
                OpenDump done = std::move(d);
                s.open.erase(od);
                s.finish_dump(done, l.thread);
            }
        }
        return true;
    }
    if (od != s.open.end()) {  // anything else on the thread ends its dump early
        s.cut_short(ctx, od->second);
        s.open.erase(od);
    }
    return false;
}

// ENC level 4 rules (the IKE SPIs' dumps follow), MGR level 2 checkouts, and the
// selected proposals.
bool CharonReader::State::enc_mgr_line(const LogLine& l, unsigned line, std::string_view tm) {
    State& s = *this;
    // ENC level 4: "generating rule 0 IKE_SPI" (its dump follows).
    if ((starts_with(tm, "generating rule ") || starts_with(tm, "parsing rule ")) &&
        ends_with(tm, " IKE_SPI")) {
        std::vector<std::string_view> t = split_ws(tm);
        if (t.size() == 4 && (t[2] == "0" || t[2] == "1"))
            s.expect_rule[l.thread] = {t[2] == "1", l.uid};
        return true;
    }
    // MGR level 2.
    if (starts_with(tm, "checkout IKEv2 SA ")) {
        std::vector<std::string_view> t = split_ws(tm);
        uint64_t i = 0, r = 0;
        if (t.size() >= 2 && spi_token(t[t.size() - 2], "_i", i) && spi_token(t.back(), "_r", r))
            s.mgr[l.thread] = {i, r};
        return true;
    }
    if (starts_with(tm, "IKE_SA ") && ends_with(tm, " successfully checked out")) {
        auto it = s.mgr.find(l.thread);
        if (it != s.mgr.end()) {
            std::string_view sa = split_ws(tm)[1];  // name[uid]
            size_t lb = sa.rfind('[');
            if (lb != std::string_view::npos && ends_with(sa, "]"))
                s.note_pair(std::string(sa.substr(lb + 1, sa.size() - lb - 2)), it->second.first,
                            it->second.second);
            s.mgr.erase(it);
        }
        return true;
    }
    if (starts_with(tm, "selected proposal: ")) {
        std::string_view p = tm.substr(19);
        const std::string proto(p.substr(0, p.find(':')));
        s.last_prop[{l.uid, proto}] = {line, std::string(p)};
        s.last_prop_thread[{l.thread, proto}] = {line, std::string(p)};
        return true;
    }
    return false;
}

// "<label> => N bytes @ 0x...": a key dump starts (or a dump this reader ignores).
bool CharonReader::State::dump_header_line(const LogLine& l, unsigned line) {
    State& s = *this;
    const std::string_view msg = l.msg;
    std::string label;
    size_t n = 0;
    if (dump_header(msg, label, n)) {
        OpenDump d;
        d.line = line;
        d.label = label;
        d.want = n;
        d.uid = l.uid;
        auto rule = s.expect_rule.find(l.thread);
        if (label.empty() && rule != s.expect_rule.end()) {
            d.what = DumpFor::Spi;
            d.slot = rule->second.first;
            d.uid = rule->second.second;
            s.expect_rule.erase(rule);
        }
        for (int k = 0; k < 7 && d.what == DumpFor::Ignore; k++) {
            if (label != kIkeLabels[k]) continue;
            s.any_keys = true;
            auto cur = s.cur_ike.find(l.thread);
            if (k == kD || cur == s.cur_ike.end() || s.keysets[cur->second].uid != l.uid ||
                s.keysets[cur->second].have[k]) {
                // A key set derived on an established IKE SA is for its rekeyed successor
                // ("IKE_SA x[n] rekeyed" follows and gives its unique ID).
                KeySet ks;
                ks.uid = l.uid;
                ks.name = l.name;
                ks.line = line;
                ks.proposal = s.proposal_for(l.uid, l.thread, "IKE");
                ks.rekey_pending = s.established.count(l.uid) > 0;
                s.keysets.push_back(std::move(ks));
                s.cur_ike[l.thread] = s.keysets.size() - 1;
            }
            d.what = DumpFor::IkeKey;
            d.index = s.cur_ike[l.thread];
            d.slot = k;
        }
        for (int k = 0; k < 4 && d.what == DumpFor::Ignore; k++) {
            if (label != kChildLabels[k]) continue;
            s.any_keys = true;
            auto pc = s.pending_child.find(l.uid);
            if (pc == s.pending_child.end() || s.child_keys[pc->second].have[k]) {
                ChildKeys ck;
                ck.line = line;
                auto lp = s.last_parsed.find(l.uid);
                if (lp != s.last_parsed.end()) ck.role = lp->second;
                s.child_keys.push_back(std::move(ck));
                pc = s.pending_child.insert_or_assign(l.uid, s.child_keys.size() - 1).first;
            }
            d.what = DumpFor::ChildKey;
            d.index = pc->second;
            d.slot = k;
        }
        if (n == 0)
            s.finish_dump(d, l.thread);
        else
            s.open[l.thread] = std::move(d);
        return true;
    }
    return false;
}

// "parsed IKE_AUTH response 1 [ ... ]", "generating CREATE_CHILD_SA request 2 [ ... ]":
// the role of the exchange the next CHILD_SA keys belong to.
bool CharonReader::State::message_line(const LogLine& l, const std::vector<std::string_view>& t) {
    State& s = *this;
    if (t.size() >= 5 && (t[0] == "generating" || t[0] == "parsed") &&
        (t[2] == "request" || t[2] == "response") && all_digits(t[3]) && starts_with(t[4], "[")) {
        if (t[0] == "parsed")
            s.last_parsed[l.uid] = std::string(t[2]);
        else if (t[2] == "request")
            s.last_parsed[l.uid] = "initiating";
        return true;
    }
    return false;
}

// "IKE_SA psk[1] established between ..." and "IKE_SA psk[2] rekeyed between ...".
bool CharonReader::State::ike_sa_line(const LogLine& l, const std::vector<std::string_view>& t,
                                      std::string_view tm) {
    State& s = *this;
    if (t.size() >= 5 && t[0] == "IKE_SA" && (t[2] == "established" || t[2] == "rekeyed") &&
        t[3] == "between") {
        std::string_view sa = t[1];
        size_t lb = sa.rfind('[');
        if (lb == std::string_view::npos || !ends_with(sa, "]")) return true;
        const std::string uid(sa.substr(lb + 1, sa.size() - lb - 2));
        std::string_view ends = tm.substr(tm.find(" between ") + 9);
        size_t p1 = ends.find('[');
        size_t p2 = ends.find("]...", p1 == std::string_view::npos ? 0 : p1);
        if (p1 != std::string_view::npos && p2 != std::string_view::npos) {
            std::string_view remote = ends.substr(p2 + 4);
            Hosts h{std::string(ends.substr(0, p1)),
                    std::string(remote.substr(0, remote.find('[')))};
            s.hosts[uid] = h;
        }
        if (t[2] == "rekeyed") {
            auto cur = s.cur_ike.find(l.thread);
            if (cur != s.cur_ike.end()) {
                KeySet& ks = s.keysets[cur->second];
                if (ks.rekey_pending) {
                    ks.uid = uid;
                    ks.rekey_pending = false;
                    ks.rekeyed = true;
                    ks.has_spis = false;
                }
            }
        }
        s.established.insert(uid);
        return true;
    }
    return false;
}

// "[inbound |outbound ]CHILD_SA net{1} established with SPIs 77c7a490_i 75136679_o and TS ..."
void CharonReader::State::child_sa_line(Ctx& ctx, const LogLine& l, unsigned line,
                                        const std::vector<std::string_view>& t) {
    State& s = *this;
    size_t c0 = (!t.empty() && (t[0] == "inbound" || t[0] == "outbound")) ? 1 : 0;
    if (t.size() >= c0 + 8 && t[c0] == "CHILD_SA" && t[c0 + 2] == "established" &&
        t[c0 + 3] == "with" && t[c0 + 4] == "SPIs" && ends_with(t[c0 + 5], "_i") &&
        ends_with(t[c0 + 6], "_o")) {
        const std::string id(t[c0 + 1]);
        // "outbound ... established" repeats "inbound ... established".
        if (!s.seen_children
                 .insert(l.uid + " " + id + " " + std::string(t[c0 + 5]) + " " +
                         std::string(t[c0 + 6]))
                 .second)
            return;
        Child c;
        c.line = line;
        c.uid = l.uid;
        c.name = id;
        auto hi = s.hosts.find(l.uid);
        if (hi != s.hosts.end()) c.hosts = hi->second;
        c.spi_in = std::string(t[c0 + 5].substr(0, t[c0 + 5].size() - 2));
        c.spi_out = std::string(t[c0 + 6].substr(0, t[c0 + 6].size() - 2));
        c.proposal = s.proposal_for(l.uid, l.thread, "ESP");
        if (c.proposal.empty()) c.proposal = s.proposal_for(l.uid, l.thread, "AH");
        auto pc = s.pending_child.find(l.uid);
        if (pc != s.pending_child.end()) {
            c.keys = static_cast<long>(pc->second);
            s.pending_child.erase(pc);
        }
        s.add_child(ctx, c);
    }
}

bool CharonReader::list_sas_line(Ctx&, unsigned, std::string_view text) {
    // "psk: #1, ESTABLISHED, IKEv2, 6ed2c9b61a19da82_i 7f850b9384535e2f_r*" (IKE SA) and
    // "net: #1, reqid 1, INSTALLED, TUNNEL-in-UDP, ESP:AES_CBC-128/..." (CHILD_SA, taken
    // so that its commas are not mistaken for a key table row).
    std::vector<std::string_view> t = split_ws(text);
    if (t.size() < 3 || !ends_with(t[0], ":") || t[1].size() < 3 || t[1][0] != '#' ||
        !ends_with(t[1], ","))
        return false;
    std::string_view uid = t[1].substr(1, t[1].size() - 2);
    if (!all_digits(uid)) return false;
    if (t.size() < 6 || t[3] != "IKEv2,") return true;
    auto strip_star = [](std::string_view v) {
        return ends_with(v, "*") ? v.substr(0, v.size() - 1) : v;
    };
    uint64_t i = 0, r = 0;
    if (!spi_token(strip_star(t[4]), "_i", i) || !spi_token(strip_star(t[5]), "_r", r))
        return false;
    // Bind now the key sets logged so far (a file may hold several daemons' logs, each
    // followed by its own snapshot), and keep it for key sets that come later.
    const std::string u(uid);
    for (KeySet& ks : s_->keysets) {
        if (ks.uid == u && !ks.rekey_pending && (!ks.has_spis || (ks.rekeyed && !ks.from_list))) {
            ks.has_spis = ks.from_list = true;
            ks.spi_i = i;
            ks.spi_r = r;
        }
    }
    s_->list_sas[u] = {i, r};
    return true;
}

void CharonReader::finish(Ctx& ctx) {
    State& s = *s_;
    for (auto& od : s.open) s.cut_short(ctx, od.second);
    s.open.clear();

    // ---- IKE SAs ----
    for (KeySet& ks : s.keysets) {
        if (ks.failed) continue;
        auto snap = s.list_sas.find(ks.uid);
        auto last = s.last_pair.find(ks.uid);
        const std::pair<uint64_t, uint64_t>* found = nullptr;
        if (ks.rekeyed && !ks.from_list && snap != s.list_sas.end())
            found = &snap->second;
        else if (!ks.has_spis && last != s.last_pair.end())
            found = &last->second;
        else if (!ks.has_spis && snap != s.list_sas.end())
            found = &snap->second;
        if (found) {
            ks.spi_i = found->first;
            ks.spi_r = found->second;
        }
        IkeSaKeys k;
        // A log at `ike 4` alone names no SPIs (they come with `enc 4`, `mgr 2` or a
        // swanctl --list-sas dump): the keys are kept unbound, and the first encrypted
        // message of a keyless IKE SA that verifies with them binds them (IkeDecryptor).
        k.spis_given = ks.has_spis || found;
        k.spi_i = ks.spi_i;
        k.spi_r = ks.spi_r;
        bool missing = false;
        for (int slot : {kEi, kEr}) {
            if (!ks.have[slot]) {
                ctx.error(ks.line, kIkeLabels[slot], "missing from the log");
                missing = true;
                break;
            }
        }
        if (missing) continue;
        k.sk_d = std::move(ks.keys[kD]);
        k.sk_ai = std::move(ks.keys[kAi]);
        k.sk_ar = std::move(ks.keys[kAr]);
        k.sk_ei = std::move(ks.keys[kEi]);
        k.sk_er = std::move(ks.keys[kEr]);
        k.sk_pi = std::move(ks.keys[kPi]);
        k.sk_pr = std::move(ks.keys[kPr]);
        const Proposal p = split_proposal(ks.proposal);
        bool bad = false;
        if (p.has_encr) {
            for (int slot : {kEi, kEr}) {
                std::string why = check_encr_key((slot == kEi ? k.sk_ei : k.sk_er).size(),
                                                 p.encr_id, p.encr_bits);
                if (!why.empty()) {
                    ctx.error(ks.line, kIkeLabels[slot], why + " (" + p.encr_token + ")");
                    bad = true;
                    break;
                }
            }
            if (bad) continue;
            k.encr_id = p.encr_id;
            k.encr_key_bits = p.encr_bits;
            const crypto::EncrAlgorithm* alg = crypto::find_encr(p.encr_id, p.encr_bits);
            if (p.has_integ && !(alg && alg->aead)) {
                for (int slot : {kAi, kAr}) {
                    std::string why =
                        check_integ_key((slot == kAi ? k.sk_ai : k.sk_ar).size(), p.integ);
                    if (!why.empty()) {
                        ctx.error(ks.line, kIkeLabels[slot], why);
                        bad = true;
                        break;
                    }
                }
                if (bad) continue;
                k.integ_id = p.integ.id;
                k.icv_unchecked = p.integ.icv_unchecked;
            }
        }
        if (p.prf_id) {
            std::string why = check_prf_key(k.sk_d.size(), p.prf_id);
            if (!why.empty()) {
                ctx.error(ks.line, kIkeLabels[kD], why);
                continue;
            }
            k.prf_id = p.prf_id;
        }
        ctx.add_ike(std::move(k), KeyFormat::CharonLog, ks.line);
    }
}

}  // namespace ikev2::keys::detail
