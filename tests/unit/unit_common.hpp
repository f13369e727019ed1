// Helpers shared by the CMocka unit tests of the core: a byte builder for hand-made
// messages and payloads, problem lookups, and a walk that checks every span the parser
// produced lies inside the buffer it was given.
#pragma once

#include <cstdio>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

// The core headers come before cmocka.h: cmocka defines a function-like macro skip(),
// which would otherwise rewrite Reader::skip(n).
#include "bytes.hpp"
#include "message.hpp"
#include "problems.hpp"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>

// cmocka.h (1.1.7) has no extern "C" guard of its own.
extern "C" {
#include <cmocka.h>
}

// Not used by these tests; undefined so that tests can call Reader::skip(n).
#undef skip

namespace unit {

using ikev2::ByteView;
using ikev2::Issues;
using ikev2::Problem;
using ikev2::Span;

// Big-endian byte builder.
struct Bytes {
    std::vector<uint8_t> b;

    Bytes() = default;
    Bytes(std::initializer_list<uint8_t> init) : b(init) {}

    Bytes& u8(unsigned v) {
        b.push_back(static_cast<uint8_t>(v));
        return *this;
    }
    Bytes& u16(unsigned v) {
        u8(v >> 8);
        return u8(v);
    }
    Bytes& u24(unsigned long v) {
        u8(static_cast<unsigned>(v >> 16));
        return u16(static_cast<unsigned>(v & 0xffff));
    }
    Bytes& u32(unsigned long v) {
        u16(static_cast<unsigned>((v >> 16) & 0xffff));
        return u16(static_cast<unsigned>(v & 0xffff));
    }
    Bytes& u64(unsigned long long v) {
        u32(static_cast<unsigned long>(v >> 32));
        return u32(static_cast<unsigned long>(v & 0xffffffffULL));
    }
    Bytes& raw(std::initializer_list<uint8_t> v) {
        b.insert(b.end(), v.begin(), v.end());
        return *this;
    }
    Bytes& raw(const uint8_t* p, size_t n) {
        b.insert(b.end(), p, p + n);
        return *this;
    }
    Bytes& str(const char* s) {
        while (*s) b.push_back(static_cast<uint8_t>(*s++));
        return *this;
    }
    Bytes& fill(size_t n, uint8_t v) {
        b.insert(b.end(), n, v);
        return *this;
    }
    Bytes& add(const Bytes& o) {
        b.insert(b.end(), o.b.begin(), o.b.end());
        return *this;
    }
    // Lower-case or upper-case hex, spaces ignored.
    Bytes& hex(const char* h) {
        int hi = -1;
        for (; *h; h++) {
            int v;
            if (*h >= '0' && *h <= '9') v = *h - '0';
            else if (*h >= 'a' && *h <= 'f') v = *h - 'a' + 10;
            else if (*h >= 'A' && *h <= 'F') v = *h - 'A' + 10;
            else continue;
            if (hi < 0) {
                hi = v;
            } else {
                b.push_back(static_cast<uint8_t>(hi << 4 | v));
                hi = -1;
            }
        }
        return *this;
    }
    // Overwrite a big-endian 16-bit value at `off`.
    void put16(size_t off, unsigned v) {
        b[off] = static_cast<uint8_t>(v >> 8);
        b[off + 1] = static_cast<uint8_t>(v);
    }
    void put32(size_t off, unsigned long v) {
        put16(off, static_cast<unsigned>((v >> 16) & 0xffff));
        put16(off + 2, static_cast<unsigned>(v & 0xffff));
    }
    size_t size() const { return b.size(); }
    const uint8_t* data() const { return b.data(); }
    ByteView view(uint32_t base = 0) const { return ByteView(b.data(), b.size(), base); }
};

inline Bytes from_array(const uint8_t* p, size_t n) {
    Bytes out;
    out.raw(p, n);
    return out;
}

// One generic payload (RFC 7296 3.2): Next Payload, C|RESERVED, Length, body.
inline Bytes payload(uint8_t next, const Bytes& body, uint8_t flags = 0) {
    Bytes p;
    p.u8(next).u8(flags).u16(static_cast<unsigned>(4 + body.size())).add(body);
    return p;
}

struct P {
    uint8_t type;
    Bytes body;
};

// A payload chain; the first type goes into the IKE header's Next Payload field.
inline Bytes chain(const std::vector<P>& ps) {
    Bytes c;
    for (size_t i = 0; i < ps.size(); i++)
        c.add(payload(i + 1 < ps.size() ? ps[i + 1].type : 0, ps[i].body));
    return c;
}

constexpr uint64_t kSpiI = 0x0123456789abcdefULL;
constexpr uint64_t kSpiR = 0xfedcba9876543210ULL;

// IKE header (RFC 7296 3.1) whose Length is the header plus `rest`.
inline Bytes ike_header(uint8_t next, uint8_t exchange, uint8_t flags, uint32_t mid,
                        size_t rest_size, uint8_t version = 0x20, uint64_t spi_r = kSpiR) {
    Bytes h;
    h.u64(kSpiI).u64(spi_r).u8(next).u8(version).u8(exchange).u8(flags).u32(mid);
    h.u32(static_cast<unsigned long>(28 + rest_size));
    return h;
}

inline Bytes message(const std::vector<P>& ps, uint8_t exchange = 37, uint8_t flags = 0x08,
                     uint32_t mid = 1) {
    Bytes c = chain(ps);
    Bytes m = ike_header(ps.empty() ? 0 : ps[0].type, exchange, flags, mid, c.size());
    return m.add(c);
}

inline size_t count_problem(const Issues& issues, Problem p) {
    size_t n = 0;
    for (const auto& i : issues)
        if (i.code == p) n++;
    return n;
}

inline bool has_problem(const Issues& issues, Problem p) { return count_problem(issues, p) > 0; }

inline const ikev2::Issue* find_problem(const Issues& issues, Problem p) {
    for (const auto& i : issues)
        if (i.code == p) return &i;
    return nullptr;
}

// Asserts the issue list holds exactly the problems listed (order-insensitive).
inline void expect_problems(const Issues& issues, std::initializer_list<Problem> want,
                            const char* file, int line) {
    bool ok = issues.size() == want.size();
    for (Problem p : want) {
        size_t expected = 0;
        for (Problem q : want)
            if (q == p) expected++;
        if (count_problem(issues, p) != expected) ok = false;
    }
    if (!ok) {
        std::fprintf(stderr, "%s:%d: expected problems {", file, line);
        for (Problem p : want) std::fprintf(stderr, " %s;", ikev2::problem_text(p));
        std::fprintf(stderr, " } got {");
        for (const auto& i : issues)
            std::fprintf(stderr, " %s @%u+%u;", ikev2::problem_text(i.code), i.where.off,
                         i.where.len);
        std::fprintf(stderr, " }\n");
    }
    _assert_true(ok ? 1 : 0, "problems as expected", file, line);
}
#define EXPECT_PROBLEMS(issues, ...) unit::expect_problems((issues), {__VA_ARGS__}, __FILE__, __LINE__)
#define EXPECT_NO_PROBLEMS(issues) unit::expect_problems((issues), {}, __FILE__, __LINE__)

inline void expect_span(Span s, uint32_t off, uint32_t len, const char* file, int line) {
    if (s.off != off || s.len != len)
        std::fprintf(stderr, "%s:%d: span %u+%u, expected %u+%u\n", file, line, s.off, s.len, off,
                     len);
    _assert_true((s.off == off && s.len == len) ? 1 : 0, "span as expected", file, line);
}
#define EXPECT_SPAN(s, off, len) unit::expect_span((s), (off), (len), __FILE__, __LINE__)

// ---- Every span inside [0, size) ----------------------------------------------------

struct SpanCheck {
    size_t size;
    size_t bad = 0;
    size_t seen = 0;
    void operator()(const Span& s, const char* what) {
        seen++;
        if (uint64_t{s.off} + s.len > size) {
            bad++;
            std::fprintf(stderr, "span %s %u+%u outside buffer of %zu\n", what, s.off, s.len, size);
        }
    }
};

inline void check_issue_spans(const Issues& issues, SpanCheck& c) {
    for (const auto& i : issues) c(i.where, "issue");
}

inline void check_body_spans(const ikev2::PayloadBody& body, SpanCheck& c) {
    using namespace ikev2;
    if (auto* o = std::get_if<OpaqueBody>(&body)) c(o->data, "opaque");
    if (auto* sa = std::get_if<SaBody>(&body)) {
        for (const auto& p : sa->proposals) {
            c(p.span, "proposal");
            c(p.spi, "proposal spi");
            for (const auto& t : p.transforms) {
                c(t.span, "transform");
                for (const auto& a : t.attributes) {
                    c(a.span, "attribute");
                    c(a.value_span, "attribute value");
                }
            }
        }
    }
    if (auto* ke = std::get_if<KeBody>(&body)) c(ke->data, "ke");
    if (auto* id = std::get_if<IdBody>(&body)) c(id->data, "id");
    if (auto* cert = std::get_if<CertBody>(&body)) {
        c(cert->data, "cert");
        for (const auto& h : cert->ca_hashes) c(h, "ca hash");
    }
    if (auto* a = std::get_if<AuthBody>(&body)) {
        c(a->data, "auth");
        c(a->algorithm_id, "auth alg");
        c(a->signature, "auth sig");
    }
    if (auto* n = std::get_if<NonceBody>(&body)) c(n->data, "nonce");
    if (auto* n = std::get_if<NotifyBody>(&body)) {
        c(n->spi, "notify spi");
        c(n->data, "notify data");
        c(n->decoded.value_span, "notify value");
        for (const auto& s : n->decoded.list_spans) c(s, "notify list");
        c(n->decoded.gw_identity, "gw identity");
        c(n->decoded.gw_nonce, "gw nonce");
    }
    if (auto* d = std::get_if<DeleteBody>(&body))
        for (const auto& s : d->spis) c(s, "delete spi");
    if (auto* v = std::get_if<VendorIdBody>(&body)) c(v->data, "vid");
    if (auto* ts = std::get_if<TsBody>(&body)) {
        for (const auto& s : ts->selectors) {
            c(s.span, "ts");
            c(s.start_address, "ts start");
            c(s.end_address, "ts end");
            c(s.label, "ts label");
        }
    }
    if (auto* sk = std::get_if<SkBody>(&body)) c(sk->encrypted, "sk");
    if (auto* f = std::get_if<SkfBody>(&body)) c(f->encrypted, "skf");
    if (auto* cp = std::get_if<CpBody>(&body)) {
        for (const auto& a : cp->attributes) {
            c(a.span, "cp attr");
            c(a.value, "cp value");
        }
    }
    if (auto* e = std::get_if<EapBody>(&body)) c(e->message, "eap");
}

inline void check_payload_spans(const std::vector<ikev2::Payload>& ps, SpanCheck& c) {
    for (const auto& p : ps) {
        c(p.span, "payload");
        c(p.body, "payload body");
        check_issue_spans(p.issues, c);
        check_body_spans(p.content, c);
    }
}

#define EXPECT_SPANS_INSIDE_MESSAGE(m, size)                                  \
    do {                                                                      \
        unit::SpanCheck sc_{(size)};                                          \
        unit::check_issue_spans((m).issues, sc_);                             \
        unit::check_payload_spans((m).payloads, sc_);                         \
        assert_int_equal(sc_.bad, 0);                                         \
    } while (0)

#define EXPECT_SPANS_INSIDE_BODY(body, issues, size)                          \
    do {                                                                      \
        unit::SpanCheck sc_{(size)};                                          \
        unit::check_body_spans((body), sc_);                                  \
        unit::check_issue_spans((issues), sc_);                               \
        assert_int_equal(sc_.bad, 0);                                         \
    } while (0)

// Parse `body` as a payload of `type` placed at offset `base` of a buffer of
// base + body.size() octets, and check every span stays inside that buffer.
struct Parsed {
    ikev2::PayloadBody body;
    Issues issues;
};

inline Parsed parse_body(uint8_t type, const Bytes& body, uint32_t base = 32) {
    Parsed r;
    r.body = ikev2::parse_payload_body(type, body.view(base), r.issues);
    unit::SpanCheck sc{base + body.size()};
    check_body_spans(r.body, sc);
    check_issue_spans(r.issues, sc);
    // Nothing may point before the body either (header of the payload).
    for (const auto& i : r.issues)
        if (i.where.len && i.where.off < base) sc.bad++;
    assert_int_equal(sc.bad, 0);
    return r;
}

template <typename T>
const T& body_as(const Parsed& p) {
    const T* t = std::get_if<T>(&p.body);
    assert_non_null(t);
    return *t;
}

// Parse a one-payload INFORMATIONAL message carrying `body` as payload `type`; checks
// the message parsed without chain problems and every span is inside it.
inline ikev2::Message parse_in_message(uint8_t type, const Bytes& body, Bytes* out = nullptr) {
    Bytes m = message({{type, body}});
    ikev2::Message msg = ikev2::parse_message(m.view());
    EXPECT_NO_PROBLEMS(msg.issues);
    assert_int_equal(msg.payloads.size(), 1);
    EXPECT_SPANS_INSIDE_MESSAGE(msg, m.size());
    if (out) *out = m;
    return msg;
}

inline std::string view_text(const Bytes& buf, Span s) {
    return std::string(reinterpret_cast<const char*>(buf.data()) + s.off, s.len);
}

}  // namespace unit
