// The lab's real key files (test-captures/<scenario>/, written by tests/lab/lab-extract.py
// from strongSwan 5.9 level-4 logs) loaded by every reader that applies, and compared with
// the scenario's keys.txt: Wireshark's ikev2_decryption_table and esp_sa, the charon logs
// of both daemons (with their swanctl --list-sas snapshots for the IKE SPIs), keys.txt's
// own "esp" lines (native format), native lines built from keys.txt, and mixed files.
#include "keys_test.hpp"

#include <dirent.h>

#include <map>

using namespace ikev2;
using namespace ikev2::keys;
using keys_test::Loaded;

namespace {

// ---- keys.txt ---------------------------------------------------------------------

struct ExpIke {
    uint64_t spi_i = 0, spi_r = 0;
    std::string encr, integ, prf;                   // strongSwan tokens
    std::map<std::string, std::vector<uint8_t>> k;  // "SK_D" ... "SK_PR"
};

struct ExpEsp {
    uint32_t spi = 0;
    std::string src, dst, encr, integ;
    std::vector<uint8_t> enc_key, integ_key;
};

struct ExpXfrm {
    ExpEsp sa;
    bool esn = false;
    std::string algs, sides;  // "cbc(aes) + hmac(sha256)/128", "a,b"
};

struct Expected {
    std::vector<ExpIke> ike;
    std::vector<ExpEsp> esp;
    std::vector<ExpXfrm> xfrm;  // kernel SAs (UML lab scenarios)
};

// The text between `key="` and the next quote.
std::string quoted_value(const std::string& line, const std::string& key) {
    size_t p = line.find(" " + key + "=\"");
    if (p == std::string::npos) return "";
    p += key.size() + 3;
    return line.substr(p, line.find('"', p) - p);
}

std::string value_of(const std::string& line, const std::string& key) {
    const std::string k = " " + key + "=";
    const std::string l = " " + line;
    size_t p = l.find(k);
    if (p == std::string::npos) return "";
    p += k.size();
    return l.substr(p, l.find(' ', p) - p);
}

Expected read_keys_txt(const std::string& scenario) {
    Expected e;
    const std::string text =
        keys_test::read_file(keys_test::source_dir() + "/test-captures/" + scenario + "/keys.txt");
    assert_false(text.empty());
    size_t pos = 0;
    while (pos < text.size()) {
        size_t nl = text.find('\n', pos);
        std::string line = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
        pos = nl == std::string::npos ? text.size() : nl + 1;
        if (line.rfind("ike_version=2 ", 0) == 0) {
            ExpIke i;
            i.spi_i = std::stoull(value_of(line, "spi_i"), nullptr, 16);
            i.spi_r = std::stoull(value_of(line, "spi_r"), nullptr, 16);
            i.encr = value_of(line, "encr");
            i.integ = value_of(line, "integ");
            i.prf = value_of(line, "prf");
            e.ike.push_back(i);
        } else if (line.rfind("SK_", 0) == 0 && !e.ike.empty()) {
            size_t eq = line.find('=');
            e.ike.back().k[line.substr(0, eq)] = keys_test::bytes(line.substr(eq + 1));
        } else if (line.rfind("esp ", 0) == 0) {
            ExpEsp x;
            x.spi = static_cast<uint32_t>(std::stoul(value_of(line, "spi"), nullptr, 16));
            x.src = value_of(line, "src");
            x.dst = value_of(line, "dst");
            x.encr = value_of(line, "encr");
            x.integ = value_of(line, "integ");
            x.enc_key = keys_test::bytes(value_of(line, "enc_key"));
            const std::string ik = value_of(line, "integ_key");
            if (ik != "-") x.integ_key = keys_test::bytes(ik);
            e.esp.push_back(x);
        } else if (line.rfind("xfrm ", 0) == 0) {
            ExpXfrm x;
            x.sa.spi = static_cast<uint32_t>(std::stoul(value_of(line, "spi"), nullptr, 16));
            x.sa.src = value_of(line, "src");
            x.sa.dst = value_of(line, "dst");
            const std::string ek = value_of(line, "enc_key"), ik = value_of(line, "integ_key");
            if (ek != "-") x.sa.enc_key = keys_test::bytes(ek);
            if (ik != "-") x.sa.integ_key = keys_test::bytes(ik);
            x.algs = quoted_value(line, "algs");
            x.esn = (" " + quoted_value(line, "flags") + " ").find(" esn ") != std::string::npos;
            x.sides = value_of(line, "namespaces");
            e.xfrm.push_back(x);
        }
    }
    return e;
}

// IDs the lab's algorithms must map to (RFC / IANA numbers, not the reader's tables).
struct Ids {
    uint16_t encr, bits, integ;
};
Ids ids_of(const std::string& encr, const std::string& integ) {
    Ids r{0, 0, 0};
    if (encr == "AES_CBC_128") r = {12, 128, 0};
    if (encr == "AES_GCM_16_128") r = {20, 128, 0};
    if (encr == "AES_GCM_16_256") r = {20, 256, 0};
    if (encr == "CHACHA20_POLY1305") r = {28, 0, 0};
    if (encr == "NULL_AES_GMAC_128") r = {21, 128, 0};
    if (integ == "HMAC_SHA2_256_128") r.integ = 12;
    assert_true(r.encr != 0);
    return r;
}

std::vector<uint8_t> addr(const std::string& text) {
    // Exact addresses through the same parser the readers use is circular; the lab only
    // has 192.0.2.x and 2001:db8:: addresses, so parse them here by hand.
    if (text.find(':') == std::string::npos) {
        unsigned a, c, d, e;
        assert_int_equal(std::sscanf(text.c_str(), "%u.%u.%u.%u", &a, &c, &d, &e), 4);
        return {static_cast<uint8_t>(a), static_cast<uint8_t>(c), static_cast<uint8_t>(d),
                static_cast<uint8_t>(e)};
    }
    unsigned last = 0;
    assert_int_equal(std::sscanf(text.c_str(), "2001:db8::%x", &last), 1);
    return {0x20,
            0x01,
            0x0d,
            0xb8,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            static_cast<uint8_t>(last >> 8),
            static_cast<uint8_t>(last)};
}

const EspSaKeys* find_esp(const KeyStore& s, const ExpEsp& x) {
    const std::vector<uint8_t> src = addr(x.src), dst = addr(x.dst);
    return s.find_esp(x.spi, ByteView(src.data(), src.size()), ByteView(dst.data(), dst.size()));
}

void check_ike(const KeyStore& s, const ExpIke& x, bool with_d_and_p, const char* format) {
    const IkeSaKeys* k = s.find_ike(x.spi_i, x.spi_r);
    if (!k)
        std::fprintf(stderr, "IKE SA %016llx/%016llx not loaded\n",
                     static_cast<unsigned long long>(x.spi_i),
                     static_cast<unsigned long long>(x.spi_r));
    assert_non_null(k);
    ASSERT_BYTES(k->sk_ei, x.k.at("SK_EI"));
    ASSERT_BYTES(k->sk_er, x.k.at("SK_ER"));
    ASSERT_BYTES(k->sk_ai, x.k.at("SK_AI"));
    ASSERT_BYTES(k->sk_ar, x.k.at("SK_AR"));
    if (with_d_and_p) {
        ASSERT_BYTES(k->sk_d, x.k.at("SK_D"));
        ASSERT_BYTES(k->sk_pi, x.k.at("SK_PI"));
        ASSERT_BYTES(k->sk_pr, x.k.at("SK_PR"));
    }
    const Ids ids = ids_of(x.encr, x.integ);
    assert_int_equal(k->encr_id, ids.encr);
    assert_int_equal(k->encr_key_bits, ids.bits);
    assert_int_equal(k->integ_id, ids.integ);
    assert_string_equal(k->source.format.c_str(), format);
}

void check_esp(const KeyStore& s, const ExpEsp& x, const char* format, bool esn = false) {
    const EspSaKeys* k = find_esp(s, x);
    if (!k)
        std::fprintf(stderr, "ESP SA %08x %s -> %s not loaded\n", x.spi, x.src.c_str(),
                     x.dst.c_str());
    assert_non_null(k);
    ASSERT_BYTES(k->encr_key, x.enc_key);
    ASSERT_BYTES(k->integ_key, x.integ_key);
    const Ids ids = ids_of(x.encr, x.integ);
    assert_int_equal(k->encr_id, ids.encr);
    assert_int_equal(k->encr_key_bits, ids.bits);
    assert_int_equal(k->integ_id, ids.integ);
    assert_int_equal(k->esn, esn);
    assert_string_equal(k->source.format.c_str(), format);
}

// Kernel SA: IDs from the kernel's algorithm names as keys.txt lists them.
void check_xfrm(const KeyStore& s, const ExpXfrm& x, const char* format) {
    const EspSaKeys* k = find_esp(s, x.sa);
    if (!k)
        std::fprintf(stderr, "ESP SA %08x %s -> %s not loaded\n", x.sa.spi, x.sa.src.c_str(),
                     x.sa.dst.c_str());
    assert_non_null(k);
    ASSERT_BYTES(k->encr_key, x.sa.enc_key);
    ASSERT_BYTES(k->integ_key, x.sa.integ_key);
    struct A {
        const char* algs;
        uint16_t encr, integ;
    };
    const A table[] = {
        {"cbc(aes) + hmac(sha256)/128", 12, 12},          {"rfc4106(gcm(aes)) icv 128", 20, 0},
        {"rfc7539esp(chacha20,poly1305) icv 128", 28, 0}, {"rfc4543(gcm(aes)) icv 128", 21, 0},
        {"ecb(cipher_null) + hmac(sha256)/128", 11, 12},
    };
    const A* a = nullptr;
    for (const A& t : table)
        if (x.algs == t.algs) a = &t;
    if (!a) std::fprintf(stderr, "algorithms \"%s\" not in this test's table\n", x.algs.c_str());
    assert_non_null(a);
    assert_int_equal(k->encr_id, a->encr);
    assert_int_equal(k->integ_id, a->integ);
    assert_int_equal(k->esn, x.esn);
    assert_string_equal(k->source.format.c_str(), format);
}

bool dir_exists(const std::string& path) {
    DIR* d = opendir(path.c_str());
    if (d) closedir(d);
    return d != nullptr;
}

std::string scenario_file(const std::string& scenario, const std::string& name) {
    return keys_test::source_dir() + "/test-captures/" + scenario + "/" + name;
}

const char* const kScenarios[] = {"psk-aescbc-sha256", "aes-gcm", "chacha20", "rekey"};

// ---- tests -------------------------------------------------------------------------

// keys.txt itself, read by this test: a few literal values, so a broken reader here
// cannot make the comparisons below vacuous.
void test_keys_txt_facts(void**) {
    Expected e = read_keys_txt("psk-aescbc-sha256");
    assert_int_equal(e.ike.size(), 1);
    assert_int_equal(e.esp.size(), 2);
    assert_true(e.ike[0].spi_i == 0x6ed2c9b61a19da82ull && e.ike[0].spi_r == 0x7f850b9384535e2full);
    ASSERT_BYTES(std::vector<uint8_t>(e.ike[0].k["SK_EI"].begin(), e.ike[0].k["SK_EI"].begin() + 4),
                 keys_test::bytes("524548c3"));
    assert_int_equal(e.esp[0].spi, 0x77c7a490);
    e = read_keys_txt("aes-gcm");
    assert_true(e.ike[0].spi_i == 0x5211a642867dfccfull && e.ike[0].k["SK_EI"].size() == 36);
    assert_true(e.ike[0].k["SK_AI"].empty());
    e = read_keys_txt("chacha20");
    assert_true(e.ike[0].spi_i == 0x2d227b69756f9e2dull && e.esp.size() == 2);
    e = read_keys_txt("rekey");
    assert_int_equal(e.ike.size(), 2);
    assert_int_equal(e.esp.size(), 8);
    assert_true(e.ike[1].spi_i == 0xa4f2163a65d0476dull);
}

// Wireshark's tables as lab-extract.py (the same shapes as strongSwan's save-keys) wrote
// them; chacha20 has none (Wireshark 4.0 has no name for ChaCha20-Poly1305).
void test_wireshark_tables(void**) {
    for (const char* sc : kScenarios) {
        const Expected e = read_keys_txt(sc);
        const std::string ike_path = scenario_file(sc, "ikev2_decryption_table");
        const std::string esp_path = scenario_file(sc, "esp_sa");
        if (!keys_test::file_exists(ike_path)) {
            assert_string_equal(sc, "chacha20");
            assert_false(keys_test::file_exists(esp_path));
            continue;
        }
        KeyStore s;
        LoadResult r = load_key_file(ike_path, s);
        EXPECT_NO_ERRORS(r);
        assert_int_equal(r.count(KeyFormat::WiresharkIkeUat).ike, e.ike.size());
        for (const ExpIke& x : e.ike) check_ike(s, x, false, "ikev2_decryption_table");
        r = load_key_file(esp_path, s);
        EXPECT_NO_ERRORS(r);
        assert_int_equal(r.count(KeyFormat::WiresharkEspUat).esp, e.esp.size());
        for (const ExpEsp& x : e.esp) check_esp(s, x, "esp_sa");
        assert_int_equal(s.ike_count(), e.ike.size());
        assert_int_equal(s.esp_count(), e.esp.size());
    }
}

// Both daemons' logs, each with its own list-sas snapshots in the same text (the
// evidence logs keep the key dumps but not the ENC/MGR lines with the IKE SPIs).
void test_charon_logs(void**) {
    for (const char* sc : kScenarios) {
        const Expected e = read_keys_txt(sc);
        for (const char* side : {"a", "b"}) {
            const std::string log = keys_test::read_file(
                scenario_file(sc, std::string("keys/charon-") + side + ".log"));
            const std::string sas = keys_test::read_file(
                scenario_file(sc, std::string("keys/list-sas-") + side + ".txt"));
            assert_false(log.empty());
            assert_false(sas.empty());
            Loaded l;
            keys_test::load(l, log + sas, std::string("charon-") + side);
            EXPECT_NO_ERRORS(l.r);
            assert_int_equal(l.r.count(KeyFormat::CharonLog).ike, e.ike.size());
            assert_int_equal(l.r.count(KeyFormat::CharonLog).esp, e.esp.size());
            for (const ExpIke& x : e.ike) {
                check_ike(l.store, x, true, "charon-log");
                const IkeSaKeys* k = l.store.find_ike(x.spi_i, x.spi_r);
                assert_int_equal(k->prf_id, x.prf == "PRF_HMAC_SHA2_384" ? 6 : 5);
            }
            for (const ExpEsp& x : e.esp) check_esp(l.store, x, "charon-log");
        }
    }
}

// The UML scenarios' charon logs: ESP with ESN, AES-GMAC and NULL encryption (strongSwan
// logs no dump for a NULL key), checked against the kernel's SAs.
void test_charon_logs_esp_variants(void**) {
    const char* const scenarios[] = {"esp-esn",      "esp-gmac",   "esp-null",
                                     "esp-chacha20", "esp-aesgcm", "esp-transport"};
    size_t checked = 0;
    for (const char* sc : scenarios) {
        if (!dir_exists(scenario_file(sc, "keys"))) continue;
        const Expected e = read_keys_txt(sc);
        for (const char* side : {"a", "b"}) {
            const std::string log = keys_test::read_file(
                scenario_file(sc, std::string("keys/charon-") + side + ".log"));
            const std::string sas = keys_test::read_file(
                scenario_file(sc, std::string("keys/list-sas-") + side + ".txt"));
            if (log.empty()) continue;
            Loaded l;
            keys_test::load(l, log + sas, std::string("charon-") + side);
            EXPECT_NO_ERRORS(l.r);
            for (const ExpIke& x : e.ike) check_ike(l.store, x, true, "charon-log");
            for (const ExpXfrm& x : e.xfrm) {
                check_xfrm(l.store, x, "charon-log");
                checked++;
            }
        }
    }
    assert_true(checked >= 4);
}

// The log alone, as charon writes it at `ike 4`: no IKE SPIs in it, so the IKE SA's keys
// load as an unbound candidate (bound later by the ICV of a message) with the keys of
// keys.txt and the line of its Sk_d dump; the CHILD_SA keys (SPIs in the "established"
// line) load as usual. No errors.
void test_charon_log_without_spis(void**) {
    const std::string path = scenario_file("psk-aescbc-sha256", "keys/charon-b.log");
    const std::string text = keys_test::read_file(path);
    unsigned sk_d_line = 0, no = 1;
    for (size_t i = 0; i < text.size() && !sk_d_line; i++) {
        if (text.compare(i, 11, "Sk_d secret") == 0) sk_d_line = no;
        if (text[i] == '\n') no++;
    }
    assert_true(sk_d_line > 1);
    KeyStore s;
    LoadResult r = load_key_file(path, s);
    EXPECT_NO_ERRORS(r);
    EXPECT_NO_SECRETS(r, text);
    assert_int_equal(s.ike_count(), 0);
    const Expected e = read_keys_txt("psk-aescbc-sha256");
    assert_int_equal(e.ike.size(), 1);
    assert_int_equal(s.unbound_ike().size(), 1);
    const IkeSaKeys& k = s.unbound_ike()[0];
    assert_false(k.spis_given);
    assert_int_equal(k.source.line, sk_d_line);
    ASSERT_BYTES(k.sk_d, e.ike[0].k.at("SK_D"));
    ASSERT_BYTES(k.sk_ei, e.ike[0].k.at("SK_EI"));
    ASSERT_BYTES(k.sk_er, e.ike[0].k.at("SK_ER"));
    ASSERT_BYTES(k.sk_ai, e.ike[0].k.at("SK_AI"));
    ASSERT_BYTES(k.sk_ar, e.ike[0].k.at("SK_AR"));
    for (const ExpEsp& x : e.esp) check_esp(s, x, "charon-log");
}

// keys.txt's "esp" lines are native lines; native "ikev2" lines built from keys.txt with
// its strongSwan algorithm names carry SK_d, SK_pi and SK_pr too.
void test_native_from_keys_txt(void**) {
    for (const char* sc : kScenarios) {
        const Expected e = read_keys_txt(sc);
        KeyStore s;
        LoadResult r = load_key_file(scenario_file(sc, "keys.txt"), s);
        EXPECT_NO_ERRORS(r);
        assert_int_equal(r.count(KeyFormat::Native).esp, e.esp.size());
        assert_int_equal(r.ike_total(), 0);
        for (const ExpEsp& x : e.esp) check_esp(s, x, "native");

        std::string lines;
        for (const ExpIke& x : e.ike) {
            char spis[64];
            std::snprintf(spis, sizeof spis, "spi_i=%016llx spi_r=%016llx",
                          static_cast<unsigned long long>(x.spi_i),
                          static_cast<unsigned long long>(x.spi_r));
            lines += std::string("ikev2 ") + spis;
            for (const auto& kv : x.k) {
                std::string hex;
                char b[3];
                for (uint8_t c : kv.second) {
                    std::snprintf(b, sizeof b, "%02x", c);
                    hex += b;
                }
                lines += " " + keys_test::lower(kv.first) + "=" + (hex.empty() ? "-" : hex);
            }
            lines += " encr=" + x.encr + " integ=" + x.integ + " prf=" + x.prf + "\n";
        }
        Loaded l;
        keys_test::load(l, lines, "native");
        EXPECT_NO_ERRORS(l.r);
        for (const ExpIke& x : e.ike) check_ike(l.store, x, true, "native");
    }
}

// One file with everything of a scenario: the tables, both logs and snapshots, keys.txt.
void test_mixed_lab_file(void**) {
    std::string text;
    for (const char* f :
         {"ikev2_decryption_table", "esp_sa", "keys/charon-a.log", "keys/list-sas-a.txt",
          "keys/charon-b.log", "keys/list-sas-b.txt", "keys.txt"})
        text += keys_test::read_file(scenario_file("rekey", f));
    Loaded l;
    keys_test::load(l, text, "rekey-all");
    EXPECT_NO_ERRORS(l.r);
    const Expected e = read_keys_txt("rekey");
    assert_int_equal(l.r.count(KeyFormat::WiresharkIkeUat).ike, 2);
    assert_int_equal(l.r.count(KeyFormat::WiresharkEspUat).esp, 8);
    assert_int_equal(l.r.count(KeyFormat::CharonLog).ike, 4);  // both daemons
    assert_int_equal(l.r.count(KeyFormat::CharonLog).esp, 16);
    assert_int_equal(l.r.count(KeyFormat::Native).esp, 8);
    assert_int_equal(l.store.ike_count(), 2);
    assert_int_equal(l.store.esp_count(), 8);
    // The charon logs came after the tables: their entries (with SK_d) are the ones kept.
    for (const ExpIke& x : e.ike) check_ike(l.store, x, true, "charon-log");
    for (const ExpEsp& x : e.esp) check_esp(l.store, x, "native");
}

// The kernel SAs of the UML lab scenarios, `ip -s xfrm state` of both namespaces
// (with the lab's "===" and "---" headers and the `ip xfrm policy` blocks in the file).
void test_xfrm_states(void**) {
    const char* const scenarios[] = {"esp-aescbc-sha256", "esp-aesgcm",   "esp-chacha20",
                                     "esp-esn",           "esp-gmac",     "esp-null",
                                     "esp-transport",     "libreswan-psk"};
    size_t checked = 0;
    for (const char* sc : scenarios) {
        if (!dir_exists(scenario_file(sc, "keys"))) continue;
        const Expected e = read_keys_txt(sc);
        for (const char* side : {"a", "b"}) {
            const std::string path =
                scenario_file(sc, std::string("keys/xfrm-state-") + side + ".txt");
            if (!keys_test::file_exists(path)) continue;
            KeyStore s;
            LoadResult r = load_key_file(path, s);
            EXPECT_NO_ERRORS(r);
            // The file holds several snapshots: later ones replace earlier ones.
            assert_true(r.count(KeyFormat::IpXfrm).esp >= s.esp_count() && s.esp_count() >= 2);
            for (const ExpXfrm& x : e.xfrm) {
                if (x.sides.find(side) == std::string::npos) continue;
                check_xfrm(s, x, "ip-xfrm");
                checked++;
            }
        }
    }
    assert_true(checked >= 4);
}

// libreswan 4.10's log with plutodebug="base crypt private" (node b of libreswan-psk):
// the "ikev2 I/R" lines with SK_pi/SK_pr dumps, and the ESP keys of each add_sa().
void test_pluto_log(void**) {
    if (!dir_exists(scenario_file("libreswan-psk", "keys"))) return;
    const Expected e = read_keys_txt("libreswan-psk");
    const std::string path = scenario_file("libreswan-psk", "keys/pluto-b.log");
    KeyStore s;
    LoadResult r = load_key_file(path, s);
    EXPECT_NO_ERRORS(r);
    assert_int_equal(r.count(KeyFormat::Libreswan).ike, 1);
    assert_int_equal(r.count(KeyFormat::Libreswan).esp, 2);
    assert_int_equal(e.ike.size(), 1);
    const ExpIke& x = e.ike[0];
    check_ike(s, x, false, "libreswan");
    const IkeSaKeys* k = s.find_ike(x.spi_i, x.spi_r);
    ASSERT_BYTES(k->sk_pi, x.k.at("SK_PI"));
    ASSERT_BYTES(k->sk_pr, x.k.at("SK_PR"));
    assert_true(k->sk_d.empty());  // libreswan keeps SK_d in NSS
    for (const ExpEsp& y : e.esp) check_esp(s, y, "libreswan");
}

// libreswan-psk: a strongSwan responder's log, libreswan's log, both kernels' SAs, the
// Wireshark tables and keys.txt, all in one file.
void test_mixed_libreswan_file(void**) {
    if (!dir_exists(scenario_file("libreswan-psk", "keys"))) return;
    std::string text;
    for (const char* f :
         {"ikev2_decryption_table", "esp_sa", "keys/charon-a.log", "keys/list-sas-a.txt",
          "keys/pluto-b.log", "keys/xfrm-state-a.txt", "keys/xfrm-state-b.txt", "keys.txt"})
        text += keys_test::read_file(scenario_file("libreswan-psk", f));
    Loaded l;
    keys_test::load(l, text, "libreswan-all");
    EXPECT_NO_ERRORS(l.r);
    assert_int_equal(l.r.count(KeyFormat::WiresharkIkeUat).ike, 1);
    assert_int_equal(l.r.count(KeyFormat::WiresharkEspUat).esp, 2);
    assert_int_equal(l.r.count(KeyFormat::CharonLog).ike, 1);
    assert_int_equal(l.r.count(KeyFormat::CharonLog).esp, 2);
    assert_int_equal(l.r.count(KeyFormat::Libreswan).ike, 1);
    assert_int_equal(l.r.count(KeyFormat::Libreswan).esp, 2);
    assert_true(l.r.count(KeyFormat::IpXfrm).esp >= 4);
    assert_int_equal(l.r.count(KeyFormat::Native).esp, 2);
    assert_int_equal(l.store.ike_count(), 1);
    assert_int_equal(l.store.esp_count(), 2);
    const Expected e = read_keys_txt("libreswan-psk");
    // libreswan's lines come after the charon log's: its SA (without SK_d) is kept.
    check_ike(l.store, e.ike[0], false, "libreswan");
    for (const ExpEsp& x : e.esp) check_esp(l.store, x, "native");
}

// Every key table of every lab scenario loads without a single error.
void test_all_lab_tables_load(void**) {
    const std::string root = keys_test::source_dir() + "/test-captures";
    DIR* d = opendir(root.c_str());
    assert_non_null(d);
    size_t files = 0, sas = 0;
    while (dirent* de = readdir(d)) {
        if (de->d_name[0] == '.') continue;
        for (const char* f : {"ikev2_decryption_table", "esp_sa"}) {
            const std::string path = root + "/" + de->d_name + "/" + f;
            if (!keys_test::file_exists(path)) continue;
            KeyStore s;
            LoadResult r = load_key_file(path, s);
            EXPECT_NO_ERRORS(r);
            assert_int_equal(r.skipped_lines, 0);
            assert_true(r.ike_total() + r.esp_total() > 0);
            files++;
            sas += r.ike_total() + r.esp_total();
        }
    }
    closedir(d);
    assert_true(files >= 20);
    assert_true(sas >= files);
}

}  // namespace

int main(int argc, char** argv) {
    keys_test::set_source_dir(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys_txt_facts),
        cmocka_unit_test(test_wireshark_tables),
        cmocka_unit_test(test_charon_logs),
        cmocka_unit_test(test_charon_logs_esp_variants),
        cmocka_unit_test(test_charon_log_without_spis),
        cmocka_unit_test(test_native_from_keys_txt),
        cmocka_unit_test(test_mixed_lab_file),
        cmocka_unit_test(test_xfrm_states),
        cmocka_unit_test(test_pluto_log),
        cmocka_unit_test(test_mixed_libreswan_file),
        cmocka_unit_test(test_all_lab_tables_load),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
