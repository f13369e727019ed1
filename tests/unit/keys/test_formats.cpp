// The key-file readers (keys/key_file.hpp), one group per format: well-formed lines and
// what they load, malformed lines with their exact errors (file, line, field, message),
// the rest of a file loading after a bad line, mixed files, unreadable paths, and no key
// bytes in any message.
#include "keys_test.hpp"

using namespace ikev2;
using namespace ikev2::keys;
using keys_test::Loaded;
using keys_test::seq;
using keys_test::seqv;

namespace {

const uint64_t kI = 0x6ed2c9b61a19da82ull, kR = 0x7f850b9384535e2full;
const uint8_t kA1[4] = {192, 0, 2, 1}, kA2[4] = {192, 0, 2, 2}, kB1[4] = {198, 51, 100, 1};

// =================================== native ===================================

std::string native_ike(const std::string& extra = "") {
    return "ikev2 spi_i=6ed2c9b61a19da82 spi_r=0x7f850b9384535e2f sk_ei=" + seq(0x10, 16) +
           " sk_er=" + seq(0x20, 16) + " sk_ai=" + seq(0x30, 32) + " sk_ar=" + seq(0x50, 32) +
           " sk_d=" + seq(0x70, 32) + " sk_pi=" + seq(0x90, 32) + " sk_pr=0x" + seq(0xb0, 32) +
           extra;
}

void test_native_ike(void**) {
    Loaded l;
    keys_test::load(l, "# a comment\n\n" +
                           native_ike(" encr=ENCR_AES_CBC-128 integ=AUTH_HMAC_SHA2_256_128 "
                                      "prf=PRF_HMAC_SHA2_256  # trailing comment") +
                           "\n");
    EXPECT_NO_ERRORS(l.r);
    assert_int_equal(l.r.count(KeyFormat::Native).ike, 1);
    assert_int_equal(l.r.lines, 3);
    const IkeSaKeys* k = l.store.find_ike(kI, kR);
    assert_non_null(k);
    ASSERT_BYTES(k->sk_ei, seqv(0x10, 16));
    ASSERT_BYTES(k->sk_er, seqv(0x20, 16));
    ASSERT_BYTES(k->sk_ai, seqv(0x30, 32));
    ASSERT_BYTES(k->sk_ar, seqv(0x50, 32));
    ASSERT_BYTES(k->sk_d, seqv(0x70, 32));
    ASSERT_BYTES(k->sk_pi, seqv(0x90, 32));
    ASSERT_BYTES(k->sk_pr, seqv(0xb0, 32));
    assert_int_equal(k->encr_id, 12);
    assert_int_equal(k->encr_key_bits, 128);
    assert_int_equal(k->integ_id, 12);
    assert_int_equal(k->prf_id, 5);
    assert_string_equal(k->source.file.c_str(), "t");
    assert_int_equal(k->source.line, 3);
    assert_string_equal(k->source.format.c_str(), "native");
}

// Without spi_i and spi_r: a key set kept for binding by ICV, not an error.
void test_native_ike_without_spis(void**) {
    Loaded l;
    keys_test::load(l, "ikev2 sk_ei=" + seq(0x10, 16) + " sk_er=" + seq(0x20, 16) + " sk_ai=" +
                           seq(0x30, 32) + " sk_ar=" + seq(0x50, 32) +
                           " encr=ENCR_AES_CBC-128 integ=AUTH_HMAC_SHA2_256_128\n");
    EXPECT_NO_ERRORS(l.r);
    assert_int_equal(l.store.ike_count(), 0);
    assert_int_equal(l.store.unbound_ike().size(), 1);
    const IkeSaKeys& k = l.store.unbound_ike()[0];
    assert_false(k.spis_given);
    ASSERT_BYTES(k.sk_ar, seqv(0x50, 32));
    assert_int_equal(k.source.line, 1);
}

void test_native_ike_names(void**) {
    // strongSwan and numeric spellings; AEAD without SK_a; no algorithms at all.
    Loaded l;
    keys_test::load(l, "ikev2 spi_i=0000000000000001 spi_r=0000000000000002 sk_ei=" + seq(0, 36) +
                           " sk_er=" + seq(1, 36) +
                           " encr=AES_GCM_16_256 integ=none prf=PRF_HMAC_SHA2_384\n"
                           "ikev2 spi_i=0000000000000003 spi_r=0000000000000004 sk_ei=" +
                           seq(0, 36) + " sk_er=" + seq(1, 36) +
                           " sk_ai= sk_ar=- encr=28 prf=5\n"
                           "IKEv2 SPI_I=0000000000000005 SPI_R=0000000000000006 SK_EI=" +
                           seq(0, 24) + " SK_ER=" + seq(1, 24) +
                           " ENCR=3des_cbc INTEG=hmac_sha1_96 SK_AI=" + seq(2, 20) +
                           " SK_AR=" + seq(3, 20) +
                           "\n"
                           "ikev2 spi_i=0000000000000007 spi_r=0000000000000008 sk_ei=" +
                           seq(0, 16) + " sk_er=" + seq(1, 16) + "\n");
    EXPECT_NO_ERRORS(l.r);
    assert_int_equal(l.r.count(KeyFormat::Native).ike, 4);
    const IkeSaKeys* k = l.store.find_ike(1, 2);
    assert_int_equal(k->encr_id, 20);
    assert_int_equal(k->encr_key_bits, 256);
    assert_int_equal(k->integ_id, 0);
    assert_int_equal(k->prf_id, 6);
    k = l.store.find_ike(3, 4);
    assert_int_equal(k->encr_id, 28);
    assert_true(k->sk_ai.empty() && k->sk_ar.empty());
    k = l.store.find_ike(5, 6);
    assert_int_equal(k->encr_id, 3);
    assert_int_equal(k->integ_id, 2);
    k = l.store.find_ike(7, 8);
    assert_int_equal(k->encr_id, 0);  // from the capture
    assert_int_equal(k->integ_id, 0);
}

void test_native_esp(void**) {
    Loaded l;
    keys_test::load(
        l, "esp spi=0x77c7a490 src=192.0.2.1 dst=192.0.2.2 encr=AES_CBC_128 key=" + seq(0x10, 16) +
               " integ=HMAC_SHA2_256_128 auth_key=" + seq(0x20, 32) +
               " esn\n"
               // The lab's keys.txt spelling: enc_key / integ_key / integ=none / "-" / child=.
               "esp spi=0xbac23d47 src=192.0.2.1 dst=192.0.2.2 encr=AES_GCM_16_128 integ=none "
               "enc_key=" +
               seq(0x30, 20) +
               " integ_key=- child=net\n"
               "esp spi=3735928559 encr=ENCR_NULL integ=AUTH_HMAC_SHA1_96 auth_key=" +
               seq(0x40, 20) + " src=2001:db8::/32 esn=no\n");
    EXPECT_NO_ERRORS(l.r);
    assert_int_equal(l.r.count(KeyFormat::Native).esp, 3);
    const EspSaKeys* k = l.store.find_esp(0x77c7a490, keys_test::addr4(kA1), keys_test::addr4(kA2));
    assert_non_null(k);
    assert_int_equal(k->encr_id, 12);
    assert_int_equal(k->encr_key_bits, 128);
    assert_int_equal(k->integ_id, 12);
    assert_true(k->esn);
    assert_true(k->esn_known);
    ASSERT_BYTES(k->encr_key, seqv(0x10, 16));
    ASSERT_BYTES(k->integ_key, seqv(0x20, 32));
    k = l.store.find_esp(0xbac23d47, keys_test::addr4(kA1), keys_test::addr4(kA2));
    assert_int_equal(k->encr_id, 20);
    ASSERT_BYTES(k->encr_key, seqv(0x30, 20));
    assert_true(k->integ_key.empty());
    // No esn word: the line does not say, ESP decryption may find it from the ICV.
    assert_false(k->esn);
    assert_false(k->esn_known);
    k = l.store.find_esp(0xdeadbeef, ByteView(), ByteView());
    assert_non_null(k);
    assert_int_equal(k->family, static_cast<int>(AddressFamily::IPv6));
    assert_int_equal(k->encr_id, 11);
    assert_false(k->esn);
    assert_true(k->esn_known);  // esn=no
}

void test_native_errors(void**) {
    const std::string good =
        native_ike(" encr=AES_CBC_128 integ=HMAC_SHA2_256_128 prf=PRF_HMAC_SHA2_256");
    std::string text;
    text += "ikev2 spi_i=6ed2c9b61a19da spi_r=7f850b9384535e2f sk_ei=" + seq(0, 16) +
            " sk_er=" + seq(1, 16) + "\n";
    text += "ikev2 spi_i=6ed2c9b61a19da82 spi_r=7f850b9384535e2f sk_ei=" + seq(0, 2) + "zz" +
            seq(0, 14) + " sk_er=" + seq(1, 16) + "\n";
    text += "ikev2 spi_i=6ed2c9b61a19da82 spi_r=7f850b9384535e2f sk_ei=" + seq(0, 16) +
            "a sk_er=" + seq(1, 16) + "\n";
    text += "ikev2 spi_i=6ed2c9b61a19da82 spi_r=7f850b9384535e2f sk_ei=" + seq(0, 16) +
            " sk_er=" + seq(1, 16) + " colour=blue\n";
    text += "ikev2 spi_i=6ed2c9b61a19da82 spi_i=6ed2c9b61a19da82\n";
    text += "ikev2 spi_i=6ed2c9b61a19da82 sk_ei=" + seq(0, 16) + " sk_er=" + seq(1, 16) + "\n";
    text += "ikev2 spi_i=6ed2c9b61a19da82 spi_r=7f850b9384535e2f sk_ei=" + seq(0, 16) +
            " sk_er=" + seq(1, 16) + " encr=AES_CBC_512\n";
    text += "ikev2 spi_i=6ed2c9b61a19da82 spi_r=7f850b9384535e2f sk_ei=" + seq(0, 16) +
            " sk_er=" + seq(1, 16) + " encr=AES_CBC_256\n";
    text += "ikev2 spi_i=6ed2c9b61a19da82 spi_r=7f850b9384535e2f sk_ei=" + seq(0, 16) +
            " sk_er=" + seq(1, 16) + " encr=AES_CBC\n";
    text += "ikev2 spi_i=6ed2c9b61a19da82 spi_r=7f850b9384535e2f sk_ei=" + seq(0, 20) +
            " sk_er=" + seq(1, 20) + " encr=AES_GCM_16_128 integ=HMAC_SHA1_96\n";
    text += "ikev2 spi_i=6ed2c9b61a19da82 spi_r=7f850b9384535e2f " + seq(0, 16) + "\n";
    text += "ikev2 spi_i=6ed2c9b61a19da82 spi_r=7f850b9384535e2f sk_ei=" + seq(0, 16) +
            " sk_er=" + seq(1, 16) + " sk_d=" + seq(2, 20) + " prf=PRF_HMAC_SHA2_256\n";
    text += "ikev2 spi_i=6ed2c9b61a19da82 spi_r=7f850b9384535e2f sk_ei=" + seq(0, 20) +
            " sk_er=" + seq(1, 20) + " encr=NULL_AUTH_AES_GMAC_128\n";
    text += "esp spi=0x123456789 encr=NULL\n";
    text += "esp spi=0x1234 encr=AES_GCM_16_128 key=" + seq(0, 16) + "\n";
    text += "esp spi=0x1234 key=" + seq(0, 16) + "\n";
    text += "esp spi=0x1234 encr=AES_CBC_128 key=" + seq(0, 16) +
            " integ=HMAC_SHA2_256_128 auth_key=" + seq(0, 20) + "\n";
    text += "esp spi=0x1234 encr=AES_CBC_128 key=" + seq(0, 16) + " enc_key=" + seq(0, 16) + "\n";
    text += "esp spi=0x1234 src=192.0.2.1 dst=2001:db8::1 encr=NULL\n";
    text += "esp spi=0x1234 encr=NULL esn=maybe\n";
    // A key where a name belongs (or as a name): not echoed.
    text += "esp spi=0x1234 encr=" + seq(0x40, 16) + " key=" + seq(0, 16) + "\n";
    text += "esp spi=0x1234 encr=NULL " + seq(0x50, 16) + "=x\n";
    // Found by fuzzing (tests/fuzz): a word with nothing before '=' had an empty field
    // name, and a key-like name given twice was echoed.
    text += "esp spi=0x1234 encr=NULL =>\n";
    text += "esp spi=0x1234 " + seq(0x50, 16) + "=x " + seq(0x50, 16) + "=y\n";
    text += good + "\n";  // the rest of the file still loads
    Loaded l;
    keys_test::load(l, text, "k.txt");
    EXPECT_ERRORS(
        l.r, "k.txt:1: spi_i: IKE SPI must be 8 octets (16 hex digits), not 7",
        "k.txt:2: sk_ei: not hex: character 5 is not a hex digit",
        "k.txt:3: sk_ei: odd number of hex digits (33)", "k.txt:4: colour: unknown field",
        "k.txt:5: spi_i: given twice", "k.txt:6: spi_r: missing (give both SPIs, or neither)",
        "k.txt:7: encr: ENCR_AES_CBC has no 512-bit key (128, 192 or 256)",
        "k.txt:8: sk_ei: 16 octets, but ENCR_AES_CBC-256 needs 32",
        "k.txt:9: encr: ENCR_AES_CBC needs a key length (128, 192 or 256)",
        "k.txt:10: integ: ENCR_AES_GCM_16-128 is AEAD and takes no integrity algorithm",
        "k.txt:11: word 4: not name=value",
        "k.txt:12: sk_d: 20 octets, but PRF_HMAC_SHA2_256 gives 32",
        "k.txt:13: encr: ENCR_NULL_AUTH_AES_GMAC-128 is not defined for IKE",
        "k.txt:14: spi: ESP SPI has more than 4 octets",
        "k.txt:15: key: 16 octets, but ENCR_AES_GCM_16-128 needs 20 (16 key + 4 salt)",
        "k.txt:16: encr: missing",
        "k.txt:17: auth_key: 20 octets, but AUTH_HMAC_SHA2_256_128 needs 32",
        "k.txt:18: key: given twice (as key and enc_key)",
        "k.txt:19: dst: address family differs from src", "k.txt:20: esn: yes or no expected",
        "k.txt:21: encr: unknown encryption algorithm (not shown: it looks like key material)",
        "k.txt:22: word 4: unknown field", "k.txt:23: word 4: no name before '='",
        "k.txt:24: word 4: given twice");
    EXPECT_NO_SECRETS(l.r, text);
    assert_int_equal(l.r.count(KeyFormat::Native).ike, 1);
    assert_non_null(l.store.find_ike(kI, kR));
    assert_int_equal(l.store.esp_count(), 0);
}

// ============================ ikev2_decryption_table ============================

// An integrity name of Wireshark's tables and what it must load as.
struct IntegWant {
    const char* name;
    uint16_t id;
    size_t key;         // key octets
    uint8_t unchecked;  // ICV octets skipped unchecked ("ANY n bits")
};

void test_uat_ike_rows(void**) {
    const std::string text =
        "# This file is automatically generated, DO NOT MODIFY.\n"
        "6ed2c9b61a19da82,7f850b9384535e2f," +
        seq(0x10, 16) + "," + seq(0x20, 16) + ",\"AES-CBC-128 [RFC3602]\"," + seq(0x30, 32) + "," +
        seq(0x50, 32) +
        ",\"HMAC_SHA2_256_128 [RFC4868]\"\n"
        // GCM: empty SK_a fields and NONE; quoted hex accepted, CRLF line end.
        "\"5211a642867dfccf\",\"fbf3c4eb802bc248\",\"" +
        seq(0x60, 36) + "\",\"" + seq(0x70, 36) +
        "\",\"AES-GCM-256 with 16 octet ICV [RFC5282]\",,,\"NONE [RFC4306]\"\r\n"
        // No-checking integrity: ICV length only.
        "0000000000000001,0000000000000002," +
        seq(0, 24) + "," + seq(1, 24) +
        ",\"3DES [RFC2451]\",,,\"ANY 96-bits of Authentication [No Checking]\"\n";
    Loaded l;
    keys_test::load(l, text, "ikev2_decryption_table");
    EXPECT_NO_ERRORS(l.r);
    assert_int_equal(l.r.count(KeyFormat::WiresharkIkeUat).ike, 3);
    const IkeSaKeys* k = l.store.find_ike(kI, kR);
    assert_int_equal(k->encr_id, 12);
    assert_int_equal(k->encr_key_bits, 128);
    assert_int_equal(k->integ_id, 12);
    ASSERT_BYTES(k->sk_ei, seqv(0x10, 16));
    ASSERT_BYTES(k->sk_ar, seqv(0x50, 32));
    assert_string_equal(k->source.format.c_str(), "ikev2_decryption_table");
    assert_int_equal(k->source.line, 2);
    k = l.store.find_ike(0x5211a642867dfccfull, 0xfbf3c4eb802bc248ull);
    assert_int_equal(k->encr_id, 20);
    assert_int_equal(k->encr_key_bits, 256);
    assert_true(k->sk_ai.empty());
    ASSERT_BYTES(k->sk_er, seqv(0x70, 36));
    k = l.store.find_ike(1, 2);
    assert_int_equal(k->encr_id, 3);
    assert_int_equal(k->integ_id, 0);
    assert_int_equal(k->icv_unchecked, 12);
}

// Every encryption and integrity name of Wireshark 4.0's tables maps to IKEv2 IDs.
void test_uat_ike_all_names(void**) {
    struct E {
        const char* name;
        uint16_t id, bits;
        size_t km;
    };
    const E encr[] = {
        {"3DES [RFC2451]", 3, 0, 24},
        {"AES-CBC-128 [RFC3602]", 12, 128, 16},
        {"AES-CBC-192 [RFC3602]", 12, 192, 24},
        {"AES-CBC-256 [RFC3602]", 12, 256, 32},
        {"NULL [RFC2410]", 11, 0, 0},
        {"AES-CTR-128 [RFC5930]", 13, 128, 20},
        {"AES-CTR-192 [RFC5930]", 13, 192, 28},
        {"AES-CTR-256 [RFC5930]", 13, 256, 36},
        {"AES-GCM-128 with 16 octet ICV [RFC5282]", 20, 128, 20},
        {"AES-GCM-192 with 16 octet ICV [RFC5282]", 20, 192, 28},
        {"AES-GCM-256 with 16 octet ICV [RFC5282]", 20, 256, 36},
        {"AES-GCM-128 with 8 octet ICV [RFC5282]", 18, 128, 20},
        {"AES-GCM-192 with 8 octet ICV [RFC5282]", 18, 192, 28},
        {"AES-GCM-256 with 8 octet ICV [RFC5282]", 18, 256, 36},
        {"AES-GCM-128 with 12 octet ICV [RFC5282]", 19, 128, 20},
        {"AES-GCM-192 with 12 octet ICV [RFC5282]", 19, 192, 28},
        {"AES-GCM-256 with 12 octet ICV [RFC5282]", 19, 256, 36},
        {"AES-CCM-128 with 16 octet ICV [RFC5282]", 16, 128, 19},
        {"AES-CCM-192 with 16 octet ICV [RFC5282]", 16, 192, 27},
        {"AES-CCM-256 with 16 octet ICV [RFC5282]", 16, 256, 35},
        {"AES-CCM-128 with 8 octet ICV [RFC5282]", 14, 128, 19},
        {"AES-CCM-192 with 8 octet ICV [RFC5282]", 14, 192, 27},
        {"AES-CCM-256 with 8 octet ICV [RFC5282]", 14, 256, 35},
        {"AES-CCM-128 with 12 octet ICV [RFC5282]", 15, 128, 19},
        {"AES-CCM-192 with 12 octet ICV [RFC5282]", 15, 192, 27},
        {"AES-CCM-256 with 12 octet ICV [RFC5282]", 15, 256, 35},
    };
    uint64_t spi = 1;
    for (const E& e : encr) {
        const bool aead = e.id >= 14 && e.id <= 20;
        const std::string row =
            "00000000000000" + seq(static_cast<unsigned>(spi), 1) + ",1111111111111111," +
            seq(0, e.km) + "," + seq(1, e.km) + ",\"" + e.name + "\"," +
            (aead ? std::string(",,\"NONE [RFC4306]\"")
                  : seq(2, 20) + "," + seq(3, 20) + ",\"HMAC_SHA1_96 [RFC2404]\"");
        Loaded l;
        keys_test::load(l, row);
        EXPECT_NO_ERRORS(l.r);
        const IkeSaKeys* k = l.store.find_ike(spi, 0x1111111111111111ull);
        assert_non_null(k);
        assert_int_equal(k->encr_id, e.id);
        assert_int_equal(k->encr_key_bits, e.bits);
        assert_int_equal(k->integ_id, aead ? 0 : 2);
        spi++;
    }
    const IntegWant integ[] = {
        {"HMAC_MD5_96 [RFC2403]", 1, 16, 0},
        {"HMAC_SHA1_96 [RFC2404]", 2, 20, 0},
        {"HMAC_MD5_128 [RFC4595]", 6, 16, 0},
        {"HMAC_SHA1_160 [RFC4595]", 7, 20, 0},
        // Checked: strongSwan's private-use AUTH_HMAC_SHA2_256_96 (1026).
        {"HMAC_SHA2_256_96 [draft-ietf-ipsec-ciph-sha-256-00]", 1026, 32, 0},
        {"HMAC_SHA2_256_128 [RFC4868]", 12, 32, 0},
        {"HMAC_SHA2_384_192 [RFC4868]", 13, 48, 0},
        {"HMAC_SHA2_512_256 [RFC4868]", 14, 64, 0},
        {"NONE [RFC4306]", 0, 0, 0},
        {"ANY 64-bits of Authentication [No Checking]", 0, 0, 8},
        {"ANY 96-bits of Authentication [No Checking]", 0, 0, 12},
        {"ANY 128-bits of Authentication [No Checking]", 0, 0, 16},
        {"ANY 160-bits of Authentication [No Checking]", 0, 0, 20},
        {"ANY 192-bits of Authentication [No Checking]", 0, 0, 24},
        {"ANY 256-bits of Authentication [No Checking]", 0, 0, 32},
    };
    for (const IntegWant& i : integ) {
        const std::string row = "2222222222222222,3333333333333333," + seq(0, 16) + "," +
                                seq(1, 16) + ",\"AES-CBC-128 [RFC3602]\"," + seq(2, i.key) + "," +
                                seq(3, i.key) + ",\"" + i.name + "\"";
        Loaded l;
        keys_test::load(l, row);
        EXPECT_NO_ERRORS(l.r);
        const IkeSaKeys* k = l.store.find_ike(0x2222222222222222ull, 0x3333333333333333ull);
        assert_non_null(k);
        assert_int_equal(k->integ_id, i.id);
        assert_int_equal(k->icv_unchecked, i.unchecked);
        assert_int_equal(k->sk_ai.size(), i.key);
    }
}

void test_uat_ike_errors(void**) {
    const std::string cbc = ",\"AES-CBC-128 [RFC3602]\",";
    const std::string sha = ",\"HMAC_SHA2_256_128 [RFC4868]\"";
    std::string text;
    text += "6ed2c9b61a19da82,7f850b9384535e2f," + seq(0, 16) + "," + seq(1, 16) + cbc +
            seq(2, 32) + sha + "\n";
    text += "6ed2c9b61a19da,7f850b9384535e2f," + seq(0, 16) + "," + seq(1, 16) + cbc + seq(2, 32) +
            "," + seq(3, 32) + sha + "\n";
    text += "6ed2c9b61a19da82,7f850b9384535e2f," + seq(0, 16) + "," + seq(1, 15) + cbc +
            seq(2, 32) + "," + seq(3, 32) + sha + "\n";
    text += "6ed2c9b61a19da82,7f850b9384535e2f," + seq(0, 16) + "," + seq(1, 16) +
            ",\"AES-CBC-512 [RFC3602]\"," + seq(2, 32) + "," + seq(3, 32) + sha + "\n";
    text += "6ed2c9b61a19da82,7f850b9384535e2f," + seq(0, 16) + "," + seq(1, 16) + cbc +
            seq(2, 32) + "," + seq(3, 32) + ",\"HMAC_SHA2_256_128\"\n";
    text += "6ed2c9b61a19da82,7f850b9384535e2f," + seq(0, 16) + "," + seq(1, 16) + cbc +
            seq(2, 20) + "," + seq(3, 32) + sha + "\n";
    text += "6ed2c9b61a19da82,7f850b9384535e2f," + seq(0, 20) + "," + seq(1, 20) +
            ",\"AES-GCM-128 with 16 octet ICV [RFC5282]\"," + seq(2, 32) + "," + seq(3, 32) + sha +
            "\n";
    text += "6ed2c9b61a19da82,7f850b9384535e2f," + seq(0, 20) + "," + seq(1, 20) +
            ",\"AES-GCM-128 with 16 octet ICV [RFC5282]\"," + seq(2, 4) + ",,\"NONE [RFC4306]\"\n";
    text += "6ed2c9b61a19da82,7f850b9384535e2f,0x" + seq(0, 16) + "g," + seq(1, 16) + cbc +
            seq(2, 32) + "," + seq(3, 32) + sha + "\n";
    text += "6ed2c9b61a19da82,7f850b9384535e2f," + seq(0, 16) + "," + seq(1, 16) + cbc +
            seq(2, 32) + "," + seq(3, 32) + ",\"HMAC_SHA2_256_128 [RFC4868]\n";
    text += "6ed2c9b61a19dg82,7f850b9384535e2f," + seq(0, 16) + "," + seq(1, 16) + cbc +
            seq(2, 32) + "," + seq(3, 32) + sha + "\n";
    // Good row last: still loaded.
    text += "6ed2c9b61a19da82,7f850b9384535e2f," + seq(0, 16) + "," + seq(1, 16) + cbc +
            seq(2, 32) + "," + seq(3, 32) + sha + "\n";
    Loaded l;
    keys_test::load(l, text, "ikev2_decryption_table");
    EXPECT_ERRORS(l.r, "ikev2_decryption_table:1: row: 8 comma-separated fields expected, found 7",
                  "ikev2_decryption_table:2: Initiator's SPI: IKE SPI must be 8 octets (16 hex "
                  "digits), not 7",
                  "ikev2_decryption_table:3: SK_er: 15 octets, but ENCR_AES_CBC-128 needs 16",
                  "ikev2_decryption_table:4: Encryption algorithm: unknown encryption algorithm "
                  "\"AES-CBC-512 [RFC3602]\"",
                  "ikev2_decryption_table:5: Integrity algorithm: unknown integrity algorithm "
                  "\"HMAC_SHA2_256_128\"",
                  "ikev2_decryption_table:6: SK_ai: 20 octets, but AUTH_HMAC_SHA2_256_128 needs 32",
                  "ikev2_decryption_table:7: Integrity algorithm: AES-GCM-128 with 16 octet ICV "
                  "[RFC5282] is AEAD "
                  "and takes no integrity algorithm",
                  "ikev2_decryption_table:8: SK_ai: AUTH_NONE takes no key, but 4 octets are given",
                  "ikev2_decryption_table:9: SK_ei: not hex: character 35 is not a hex digit",
                  "ikev2_decryption_table:10: row: unbalanced quotes",
                  "ikev2_decryption_table:11: Initiator's SPI: IKE SPI not hex: character 14 is "
                  "not a hex digit");
    EXPECT_NO_SECRETS(l.r, text);
    assert_int_equal(l.r.count(KeyFormat::WiresharkIkeUat).ike, 1);
    assert_non_null(l.store.find_ike(kI, kR));
}

// =================================== esp_sa ===================================

void test_uat_esp_rows(void**) {
    std::string text;
    text += "# This file is automatically generated, DO NOT MODIFY.\n";
    text += "\"IPv4\",\"192.0.2.1\",\"192.0.2.2\",\"0x77c7a490\",\"AES-CBC [RFC3602]\",\"0x" +
            seq(0x10, 16) + "\",\"HMAC-SHA-256-128 [RFC4868]\",\"0x" + seq(0x20, 32) + "\"\n";
    text +=
        "\"IPv4\",\"192.0.2.1\",\"192.0.2.2\",\"0xbac23d47\",\"AES-GCM with 16 octet ICV "
        "[RFC4106]\",\"0x" +
        seq(0x30, 20) + "\",\"NULL\",\"\"\n";
    // strongSwan save-keys: deprecated AES-GCM with the ICV length in "ANY n bit", "0x" key,
    // "TripleDes" spelling.
    text += "\"IPv6\",\"2001:db8::1\",\"2001:db8::2\",\"0x00001000\",\"AES-GCM [RFC4106]\",\"0x" +
            seq(0x40, 36) + "\",\"ANY 128 bit authentication [no checking]\",\"0x\"\n";
    text += "\"IPv4\",\"*\",\"10.0.0.0/8\",\"0x1234****\",\"TripleDes-CBC [RFC2451]\",\"0x" +
            seq(0x50, 24) + "\",\"ANY 96 bit authentication [no checking]\",\"\"\n";
    // Wireshark: a key without 0x is text.
    text +=
        "\"IPv4\",\"192.0.2.*\",\"\",\"*\",\"AES-CBC "
        "[RFC3602]\",\"0123456789abcdef\",\"HMAC-MD5-96 [RFC2403]\","
        "\"0x" +
        seq(0x60, 16) + "\"\n";
    // Newer Wireshark: more columns; "Any" protocol, a 64-bit sequence number column.
    text += "\"Any\",\"192.0.2.2\",\"192.0.2.1\",\"305419896\",\"AES-CTR [RFC3686]\",\"0x" +
            seq(0x70, 28) + "\",\"HMAC-SHA-1-96 [RFC2404]\",\"0x" + seq(0x80, 20) +
            "\",\"64-bit\",\"0x0\"\n";
    text += "\"IPv4\",\"192.0.2.2\",\"192.0.2.1\",\"0x00000777\",\"AES-CBC [RFC3602]\",\"0x" +
            seq(0x10, 16) + "\",\"HMAC-SHA-256-128 [RFC4868]\",\"0x" + seq(0x20, 32) +
            "\",\"32-bit\"\n";
    // Wireshark 4.6's ChaCha20-Poly1305 name: 32-octet key and 4-octet salt (RFC 7634 2).
    text += "\"IPv4\",\"192.0.2.1\",\"192.0.2.2\",\"0x00000c20\",\"ChaCha20 with Poly1305 "
            "[RFC7634]\",\"0x" + seq(0x90, 36) + "\",\"NULL\",\"\",\"32-bit\"\n";
    Loaded l;
    keys_test::load(l, text, "esp_sa");
    EXPECT_NO_ERRORS(l.r);
    assert_int_equal(l.r.count(KeyFormat::WiresharkEspUat).esp, 8);
    const EspSaKeys* cc = l.store.find_esp(0xc20, keys_test::addr4(kA1), keys_test::addr4(kA2));
    assert_non_null(cc);
    assert_int_equal(cc->encr_id, 28);
    ASSERT_BYTES(cc->encr_key, seqv(0x90, 36));
    // Never written back: Wireshark 4.0 and 4.4 would not know the name.
    assert_null(wireshark_esp_encr_name(28));
    const EspSaKeys* k = l.store.find_esp(0x77c7a490, keys_test::addr4(kA1), keys_test::addr4(kA2));
    assert_int_equal(k->encr_id, 12);
    // Wireshark 4.0's eight columns cannot say ESN; a ninth column says it either way.
    assert_false(k->esn);
    assert_false(k->esn_known);
    const EspSaKeys* k32 = l.store.find_esp(0x777, keys_test::addr4(kA2), keys_test::addr4(kA1));
    assert_non_null(k32);
    assert_false(k32->esn);
    assert_true(k32->esn_known);
    assert_int_equal(k->encr_key_bits, 128);
    assert_int_equal(k->integ_id, 12);
    ASSERT_BYTES(k->integ_key, seqv(0x20, 32));
    assert_string_equal(k->source.format.c_str(), "esp_sa");
    k = l.store.find_esp(0xbac23d47, keys_test::addr4(kA1), keys_test::addr4(kA2));
    assert_int_equal(k->encr_id, 20);
    assert_int_equal(k->encr_key_bits, 128);
    k = l.store.find_esp(0x1000, ByteView(), ByteView());
    assert_int_equal(k->encr_id, 20);
    assert_int_equal(k->encr_key_bits, 256);
    assert_int_equal(k->integ_id, 0);
    assert_int_equal(k->icv_unchecked, 0);
    const uint8_t ten[4] = {10, 9, 8, 7};
    k = l.store.find_esp(0x1234abcd, keys_test::addr4(kB1), keys_test::addr4(ten));
    assert_non_null(k);
    assert_int_equal(k->encr_id, 3);
    assert_int_equal(k->icv_unchecked, 12);
    k = l.store.find_esp(0xfeedf00d, keys_test::addr4(kA2), keys_test::addr4(kA1));
    assert_non_null(k);
    ASSERT_BYTES(k->encr_key, std::vector<uint8_t>({'0', '1', '2', '3', '4', '5', '6', '7', '8',
                                                    '9', 'a', 'b', 'c', 'd', 'e', 'f'}));
    k = l.store.find_esp(0x12345678, keys_test::addr4(kA2), keys_test::addr4(kA1));
    assert_int_equal(k->encr_id, 13);
    assert_int_equal(k->encr_key_bits, 192);
    assert_true(k->esn);
    assert_true(k->esn_known);
}

void test_uat_esp_errors(void**) {
    const std::string cbc = "\"AES-CBC [RFC3602]\",\"0x" + seq(0, 16) + "\"";
    const std::string sha = "\"HMAC-SHA-1-96 [RFC2404]\",\"0x" + seq(1, 20) + "\"";
    std::string text;
    text += "\"IPv5\",\"192.0.2.1\",\"192.0.2.2\",\"0x1\"," + cbc + "," + sha + "\n";
    text += "\"IPv4\",\"192.0.2.300\",\"192.0.2.2\",\"0x1\"," + cbc + "," + sha + "\n";
    text += "\"IPv4\",\"192.0.2.1\",\"2001:db8::2\",\"0x1\"," + cbc + "," + sha + "\n";
    text += "\"IPv4\",\"192.0.2.1\",\"192.0.2.2\",\"0x1ffffffff\"," + cbc + "," + sha + "\n";
    text += "\"IPv4\",\"192.0.2.1\",\"192.0.2.2\",\"0x12**\"," + cbc + "," + sha + "\n";
    text += "\"IPv4\",\"192.0.2.1\",\"192.0.2.2\",\"0x1\",\"AES-CBC\",\"0x" + seq(0, 16) + "\"," +
            sha + "\n";
    text += "\"IPv4\",\"192.0.2.1\",\"192.0.2.2\",\"0x1\",\"DES-CBC [RFC2405]\",\"0x" + seq(0, 16) +
            "\"," + sha + "\n";
    text += "\"IPv4\",\"192.0.2.1\",\"192.0.2.2\",\"0x1\",\"AES-CBC [RFC3602]\",\"0x" + seq(0, 20) +
            "\"," + sha + "\n";
    text += "\"IPv4\",\"192.0.2.1\",\"192.0.2.2\",\"0x1\",\"AES-GCM [RFC4106]\",\"0x" + seq(0, 20) +
            "\",\"NULL\",\"\"\n";
    text +=
        "\"IPv4\",\"192.0.2.1\",\"192.0.2.2\",\"0x1\",\"AES-GCM with 8 octet ICV [RFC4106]\",\"0x" +
        seq(0, 20) + "\"," + sha + "\n";
    text += "\"IPv4\",\"192.0.2.1\",\"192.0.2.2\",\"0x1\"," + cbc +
            ",\"HMAC-SHA-256-128 [RFC4868]\",\"0x" + seq(1, 20) + "\"\n";
    text += "\"IPv4\",\"192.0.2.1\",\"192.0.2.2\",\"0x1\"," + cbc + ",\"HMAC-SHA-256-128\",\"\"\n";
    text += "\"IPv4\",\"192.0.2.1\",\"192.0.2.2\",\"0x1\",\"AES-CBC [RFC3602]\",\"0x" + seq(0, 15) +
            "f\"," + sha + "\n";
    // Not an error: the key of a "no checking" choice is not used, as in Wireshark.
    text += "\"IPv4\",\"192.0.2.1\",\"192.0.2.2\",\"0x3\"," + cbc +
            ",\"ANY 64 bit authentication [no checking]\","
            "\"0x" +
            seq(1, 8) + "\"\n";
    text += "\"IPv4\",\"192.0.2.1\",\"192.0.2.2\",\"0x1\"," + cbc + "\n";
    text += "\"IPv4\",\"192.0.2.1\",\"192.0.2.2\",\"0x1\"," + cbc + "," + sha + ",\"48-bit\"\n";
    text += "\"IPv4\",\"192.0.2.1\",\"192.0.2.2\",\"0x1\",\"0x" + seq(0x60, 16) +
            "\",\"AES-CBC [RFC3602]\"," + sha + "\n";  // columns swapped
    text += "\"IPv4\",\"192.0.2.1\",\"192.0.2.2\",\"0x2\"," + cbc + "," + sha + "\n";  // good
    Loaded l;
    keys_test::load(l, text, "esp_sa");
    EXPECT_ERRORS(
        l.r, "esp_sa:1: Protocol: IPv4, IPv6 or Any expected",
        "esp_sa:2: Src IP: not an IPv4 address",
        "esp_sa:3: Dest IP: an IPv6 address in an IPv4 row",
        "esp_sa:4: SPI: ESP SPI has more than 4 octets",
        "esp_sa:5: SPI: a SPI with wildcards must have 8 digits after 0x",
        "esp_sa:6: Encryption: unknown encryption algorithm \"AES-CBC\"",
        "esp_sa:7: Encryption Key: 16 octets, but DES-CBC [RFC2405] needs 8",
        "esp_sa:8: Encryption Key: 20 octets, but AES-CBC [RFC3602] needs 16, 24 or 32",
        "esp_sa:9: Authentication: AES-GCM [RFC4106] takes its ICV length from \"ANY 64/96/128 bit "
        "authentication\"",
        "esp_sa:10: Authentication: AES-GCM with 8 octet ICV [RFC4106] is AEAD and takes NULL "
        "authentication",
        "esp_sa:11: Authentication Key: 20 octets, but AUTH_HMAC_SHA2_256_128 needs 32",
        "esp_sa:12: Authentication: unknown authentication algorithm \"HMAC-SHA-256-128\"",
        "esp_sa:13: Encryption Key: odd number of hex digits (31)",
        "esp_sa:15: row: 8 comma-separated fields expected, found 6",
        "esp_sa:16: column 9: sequence number length not understood (32-bit or 64-bit)",
        "esp_sa:17: Encryption: unknown encryption algorithm (not shown: it looks like key "
        "material)");
    EXPECT_NO_SECRETS(l.r, text);
    assert_int_equal(l.store.esp_count(), 2);
    assert_non_null(l.store.find_esp(2, keys_test::addr4(kA1), keys_test::addr4(kA2)));
    const EspSaKeys* any64 = l.store.find_esp(3, keys_test::addr4(kA1), keys_test::addr4(kA2));
    assert_non_null(any64);
    assert_int_equal(any64->icv_unchecked, 8);
}

// Every name of Wireshark's esp_sa (4.0's, and those 4.6 added) loads as the algorithm
// the plugin decrypts and checks with, at each key length the name allows; every one
// Wireshark 4.0 knows is the name export writes back for that algorithm.
void test_uat_esp_all_names(void**) {
    struct E {
        const char* name;
        uint16_t id, bits;
        size_t km;
        bool written;  // a Wireshark 4.0 name, the one export writes
    };
    const E encr[] = {
        {"NULL", 11, 0, 0, true},
        {"TripleDES-CBC [RFC2451]", 3, 0, 24, true},
        {"AES-CBC [RFC3602]", 12, 128, 16, true},
        {"AES-CBC [RFC3602]", 12, 256, 32, true},
        {"AES-CTR [RFC3686]", 13, 192, 28, true},
        {"DES-CBC [RFC2405]", 2, 0, 8, true},
        {"CAST5-CBC [RFC2144]", 6, 128, 16, true},
        {"BLOWFISH-CBC [RFC2451]", 7, 128, 16, true},
        {"BLOWFISH-CBC [RFC2451]", 7, 192, 24, true},
        {"BLOWFISH-CBC [RFC2451]", 7, 256, 32, true},
        {"TWOFISH-CBC", 1027, 128, 16, true},
        {"TWOFISH-CBC", 1027, 256, 32, true},
        {"AES-GCM with 8 octet ICV [RFC4106]", 18, 128, 20, true},
        {"AES-GCM with 12 octet ICV [RFC4106]", 19, 192, 28, true},
        {"AES-GCM with 16 octet ICV [RFC4106]", 20, 256, 36, true},
        {"ChaCha20 with Poly1305 [RFC7634]", 28, 0, 36, false},
        {"AES-GCM with IIV and 16 octet ICV [RFC4106 & RFC8750]", 30, 128, 20, false},
        {"AES-GCM with IIV and 16 octet ICV [RFC4106 & RFC8750]", 30, 192, 28, false},
        {"AES-GCM with IIV and 16 octet ICV [RFC4106 & RFC8750]", 30, 256, 36, false},
        {"ChaCha20 with Poly1305 and IIV [RFC7634 & RFC8750]", 31, 0, 36, false},
    };
    uint32_t spi = 0x100;
    for (const E& e : encr) {
        const bool aead = e.id >= 18;
        const std::string row = "\"IPv4\",\"192.0.2.1\",\"192.0.2.2\",\"" + std::to_string(spi) +
                                "\",\"" + e.name + "\",\"0x" + seq(0x10, e.km) + "\"," +
                                (aead ? std::string("\"NULL\",\"\"")
                                      : "\"HMAC-SHA-1-96 [RFC2404]\",\"0x" + seq(0x20, 20) + "\"");
        Loaded l;
        keys_test::load(l, row, "esp_sa");
        EXPECT_NO_ERRORS(l.r);
        const EspSaKeys* k = l.store.find_esp(spi, keys_test::addr4(kA1), keys_test::addr4(kA2));
        if (!k) fail_msg("%s: not loaded", e.name);
        assert_int_equal(k->encr_id, e.id);
        assert_int_equal(k->encr_key_bits, e.bits);
        ASSERT_BYTES(k->encr_key, seqv(0x10, e.km));
        if (e.written)
            assert_string_equal(wireshark_esp_encr_name(e.id), e.name);
        else
            assert_null(wireshark_esp_encr_name(e.id));
        spi++;
    }
    const IntegWant integ[] = {
        {"NULL", 0, 0, 0},
        {"HMAC-SHA-1-96 [RFC2404]", 2, 20, 0},
        // Checked: strongSwan's AUTH_HMAC_SHA2_256_96 (1026), the plugin's RIPEMD (0xff00).
        {"HMAC-SHA-256-96 [draft-ietf-ipsec-ciph-sha-256-00]", 1026, 32, 0},
        {"HMAC-SHA-256-128 [RFC4868]", 12, 32, 0},
        {"HMAC-SHA-384-192 [RFC4868]", 13, 48, 0},
        {"HMAC-SHA-512-256 [RFC4868]", 14, 64, 0},
        {"HMAC-MD5-96 [RFC2403]", 1, 16, 0},
        {"MAC-RIPEMD-160-96 [RFC2857]", 0xff00, 20, 0},
        {"ANY 64 bit authentication [no checking]", 0, 0, 8},
        {"ANY 96 bit authentication [no checking]", 0, 0, 12},
        {"ANY 128 bit authentication [no checking]", 0, 0, 16},
        {"ANY 192 bit authentication [no checking]", 0, 0, 24},
        {"ANY 256 bit authentication [no checking]", 0, 0, 32},
    };
    for (const IntegWant& i : integ) {
        const std::string row = "\"IPv4\",\"192.0.2.1\",\"192.0.2.2\",\"0x00000042\","
                                "\"AES-CBC [RFC3602]\",\"0x" + seq(0x10, 16) + "\",\"" + i.name +
                                "\",\"0x" + seq(0x20, i.key) + "\"";
        Loaded l;
        keys_test::load(l, row, "esp_sa");
        EXPECT_NO_ERRORS(l.r);
        const EspSaKeys* k = l.store.find_esp(0x42, keys_test::addr4(kA1), keys_test::addr4(kA2));
        if (!k) fail_msg("%s: not loaded", i.name);
        assert_int_equal(k->integ_id, i.id);
        assert_int_equal(k->icv_unchecked, i.unchecked);
        ASSERT_BYTES(k->integ_key, seqv(0x20, i.key));
        if (!i.unchecked) assert_string_equal(wireshark_esp_integ_name(i.id), i.name);
    }
    // A checked integrity algorithm takes a key of its size only.
    Loaded l;
    keys_test::load(l,
                    "\"IPv4\",\"192.0.2.1\",\"192.0.2.2\",\"0x1\",\"AES-CBC [RFC3602]\",\"0x" +
                        seq(0x10, 16) + "\",\"MAC-RIPEMD-160-96 [RFC2857]\",\"0x" + seq(0x20, 32) +
                        "\"\n",
                    "esp_sa");
    EXPECT_ERRORS(l.r, "esp_sa:1: Authentication Key: 32 octets, but AUTH_HMAC_RIPEMD_160_96 needs 20");
}

// ================================ charon log ==================================

// A synthetic level-4 log in strongSwan's exact line shapes: the initiator of an IKE SA
// with AES-CBC-128/HMAC-SHA2-256 whose IKE SPIs come from the ENC IKE_SPI dumps.
std::string charon_dump(const char* prefix, const char* label, const std::string& hex) {
    const size_t n = hex.size() / 2;
    std::string s =
        std::string(prefix) + label + " => " + std::to_string(n) + " bytes @ 0x5651fb2178a0\n";
    for (size_t off = 0; off < n; off += 16) {
        char head[32];
        std::snprintf(head, sizeof head, "%4zu: ", off);
        std::string hexcol, ascii;
        for (size_t i = off; i < off + 16 && i < n; i++) {
            for (char c : hex.substr(2 * i, 2))
                hexcol += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            hexcol += ' ';
            ascii += '.';
        }
        hexcol.resize(48, ' ');
        s += std::string(prefix) + head + hexcol + " " + ascii + "\n";
    }
    return s;
}

std::string charon_log_initiator() {
    std::string s;
    s += "20:45:34 09[IKE] <psk|1> initiating IKE_SA psk[1] to 192.0.2.1\n";
    s += "20:45:34 09[ENC] <psk|1> generating IKE_SA_INIT request 0 [ SA KE No ]\n";
    s += "20:45:34 10[NET] <psk|1> received packet: from 192.0.2.1[500] to 192.0.2.2[500] (472 "
         "bytes)\n";
    s += "20:45:34 10[ENC] <psk|1> parsed IKE_SA_INIT response 0 [ SA KE No ]\n";
    s += "20:45:34 10[CFG] <psk|1> selected proposal: "
         "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048\n";
    s += charon_dump("20:45:34 10[IKE] <psk|1> ", "Sk_d secret", seq(0x70, 32));
    s += charon_dump("20:45:34 10[IKE] <psk|1> ", "Sk_ai secret", seq(0x30, 32));
    s += charon_dump("20:45:34 10[IKE] <psk|1> ", "Sk_ar secret", seq(0x50, 32));
    s += charon_dump("20:45:34 10[IKE] <psk|1> ", "Sk_ei secret", seq(0x10, 16));
    s +=
        "20:45:34 11[NET] received packet: from 192.0.2.9[500] to 192.0.2.2[500] (80 bytes)\n";  // other thread
    s += charon_dump("20:45:34 10[IKE] <psk|1> ", "Sk_er secret", seq(0x20, 16));
    s += charon_dump("20:45:34 10[IKE] <psk|1> ", "Sk_pi secret", seq(0x90, 32));
    s += charon_dump("20:45:34 10[IKE] <psk|1> ", "Sk_pr secret", seq(0xb0, 32));
    s += "20:45:34 10[ENC] <psk|1> generating IKE_AUTH request 1 [ IDi AUTH SA TSi TSr ]\n";
    s += "20:45:34 10[ENC] <psk|1>   generating rule 0 IKE_SPI\n";
    s += charon_dump("20:45:34 10[ENC] <psk|1> ", "  ", "6ed2c9b61a19da82");
    s += "20:45:34 10[ENC] <psk|1>   generating rule 1 IKE_SPI\n";
    s += charon_dump("20:45:34 10[ENC] <psk|1> ", "  ", "7f850b9384535e2f");
    s += "20:45:34 14[ENC] <psk|1> parsed IKE_AUTH response 1 [ IDr AUTH SA TSi TSr ]\n";
    s +=
        "20:45:34 14[IKE] <psk|1> IKE_SA psk[1] established between 192.0.2.2[carol@example.org]..."
        "192.0.2.1[moon.example.org]\n";
    s += "20:45:34 14[CFG] <psk|1> selected proposal: "
         "ESP:AES_CBC_128/HMAC_SHA2_256_128/NO_EXT_SEQ\n";
    s += charon_dump("20:45:34 14[CHD] <psk|1> ", "encryption initiator key", seq(0xc0, 16));
    s += charon_dump("20:45:34 14[CHD] <psk|1> ", "encryption responder key", seq(0xd0, 16));
    s += charon_dump("20:45:34 14[CHD] <psk|1> ", "integrity initiator key", seq(0xe0, 32));
    s += charon_dump("20:45:34 14[CHD] <psk|1> ", "integrity responder key", seq(0x00, 32));
    s += "20:45:34 14[IKE] <psk|1> CHILD_SA net{1} established with SPIs 77c7a490_i 75136679_o and "
         "TS "
         "10.2.0.0/24 === 10.1.0.0/24\n";
    return s;
}

void test_charon_log(void**) {
    Loaded l;
    const std::string text = charon_log_initiator();
    keys_test::load(l, text, "charon.log");
    EXPECT_NO_ERRORS(l.r);
    assert_int_equal(l.r.count(KeyFormat::CharonLog).ike, 1);
    assert_int_equal(l.r.count(KeyFormat::CharonLog).esp, 2);
    const IkeSaKeys* k = l.store.find_ike(kI, kR);
    assert_non_null(k);
    ASSERT_BYTES(k->sk_d, seqv(0x70, 32));
    ASSERT_BYTES(k->sk_ai, seqv(0x30, 32));
    ASSERT_BYTES(k->sk_ar, seqv(0x50, 32));
    ASSERT_BYTES(k->sk_ei, seqv(0x10, 16));
    ASSERT_BYTES(k->sk_er, seqv(0x20, 16));
    ASSERT_BYTES(k->sk_pi, seqv(0x90, 32));
    ASSERT_BYTES(k->sk_pr, seqv(0xb0, 32));
    assert_int_equal(k->encr_id, 12);
    assert_int_equal(k->encr_key_bits, 128);
    assert_int_equal(k->integ_id, 12);
    assert_int_equal(k->prf_id, 5);
    assert_int_equal(k->source.line, 6);
    assert_string_equal(k->source.format.c_str(), "charon-log");
    // We parsed the IKE_AUTH response: we started the exchange, so our outbound SA
    // (75136679, us -> peer) uses the initiator keys.
    const EspSaKeys* out =
        l.store.find_esp(0x75136679, keys_test::addr4(kA2), keys_test::addr4(kA1));
    assert_non_null(out);
    ASSERT_BYTES(out->encr_key, seqv(0xc0, 16));
    ASSERT_BYTES(out->integ_key, seqv(0xe0, 32));
    const EspSaKeys* in =
        l.store.find_esp(0x77c7a490, keys_test::addr4(kA1), keys_test::addr4(kA2));
    assert_non_null(in);
    ASSERT_BYTES(in->encr_key, seqv(0xd0, 16));
    ASSERT_BYTES(in->integ_key, seqv(0x00, 32));
    assert_int_equal(in->integ_id, 12);
    assert_false(in->esn);
    assert_true(in->esn_known);  // NO_EXT_SEQ in the selected proposal
}

// strongSwan's names of the older ciphers and of HMAC_SHA2_256_96 in the selected
// proposals (encryption_algorithm_names, integrity_algorithm_names): the same log with
// other algorithms of the same key sizes.
std::string replaced(std::string s, const std::string& from, const std::string& to) {
    const size_t at = s.find(from);
    assert_true(at != std::string::npos);
    return s.replace(at, from.size(), to);
}

void test_charon_log_names(void**) {
    struct C {
        const char* ike;  // replaces AES_CBC_128/HMAC_SHA2_256_128 (16-octet Sk_e, 32-octet Sk_a)
        const char* esp;  // the same in the ESP proposal
        uint16_t ike_encr, ike_bits, esp_encr, esp_bits;
    };
    const C cases[] = {
        {"BLOWFISH_CBC_128/HMAC_SHA2_256_96", "CAST_CBC_128/HMAC_SHA2_256_96", 7, 128, 6, 128},
        {"TWOFISH_CBC_128/HMAC_SHA2_256_96", "TWOFISH_CBC_128/HMAC_SHA2_256_96", 1027, 128, 1027,
         128},
    };
    for (const C& c : cases) {
        std::string text = charon_log_initiator();
        text = replaced(text, "IKE:AES_CBC_128/HMAC_SHA2_256_128/",
                        std::string("IKE:") + c.ike + "/");
        text = replaced(text, "ESP:AES_CBC_128/HMAC_SHA2_256_128/",
                        std::string("ESP:") + c.esp + "/");
        Loaded l;
        keys_test::load(l, text, "charon.log");
        EXPECT_NO_ERRORS(l.r);
        const IkeSaKeys* k = l.store.find_ike(kI, kR);
        assert_non_null(k);
        assert_int_equal(k->encr_id, c.ike_encr);
        assert_int_equal(k->encr_key_bits, c.ike_bits);
        assert_int_equal(k->integ_id, 1026);
        assert_int_equal(k->icv_unchecked, 0);
        const EspSaKeys* in =
            l.store.find_esp(0x77c7a490, keys_test::addr4(kA1), keys_test::addr4(kA2));
        assert_non_null(in);
        assert_int_equal(in->encr_id, c.esp_encr);
        assert_int_equal(in->encr_key_bits, c.esp_bits);
        assert_int_equal(in->integ_id, 1026);
        assert_int_equal(in->icv_unchecked, 0);
    }
    // DES_CBC (8-octet keys), as the native lines and charon's proposals spell it.
    Loaded l;
    keys_test::load(l, "esp spi=0x1 encr=DES_CBC key=" + seq(0x10, 8) +
                           " integ=HMAC_SHA2_256_96 auth_key=" + seq(0x20, 32) + "\n"
                           "esp spi=0x2 encr=BLOWFISH_CBC_256 key=" + seq(0x10, 32) +
                           " integ=HMAC_RIPEMD_160_96 auth_key=" + seq(0x20, 20) + "\n"
                           "esp spi=0x3 encr=ENCR_TWOFISH_CBC-256 key=" + seq(0x10, 32) +
                           " integ=1026 auth_key=" + seq(0x20, 32) + "\n");
    EXPECT_NO_ERRORS(l.r);
    const EspSaKeys* k = l.store.find_esp(1, ByteView(), ByteView());
    assert_int_equal(k->encr_id, 2);
    assert_int_equal(k->integ_id, 1026);
    k = l.store.find_esp(2, ByteView(), ByteView());
    assert_int_equal(k->encr_id, 7);
    assert_int_equal(k->encr_key_bits, 256);
    assert_int_equal(k->integ_id, 0xff00);
    k = l.store.find_esp(3, ByteView(), ByteView());
    assert_int_equal(k->encr_id, 1027);
    assert_int_equal(k->encr_key_bits, 256);
    assert_int_equal(k->integ_id, 1026);
}

// SPIs from MGR checkout lines, a syslog prefix, and a responder's CHILD_SA.
void test_charon_log_mgr_syslog(void**) {
    const char* p = "Jun 14 16:44:45 moon charon: ";
    std::string s;
    s += std::string(p) +
         "07[MGR] checkout IKEv2 SA by message with SPIs 5211a642867dfccf_i fbf3c4eb802bc248_r\n";
    s += std::string(p) + "07[MGR] IKE_SA myconn[3] successfully checked out\n";
    s += std::string(p) + "07[ENC] <myconn|3> parsed IKE_AUTH request 1 [ IDi AUTH SA TSi TSr ]\n";
    s += std::string(p) +
         "07[CFG] <3> selected proposal: IKE:AES_GCM_16_256/PRF_HMAC_SHA2_384/ECP_384\n";
    s += charon_dump((std::string(p) + "07[IKE] <3> ").c_str(), "Sk_d secret", seq(0x10, 48));
    s += charon_dump((std::string(p) + "07[IKE] <3> ").c_str(), "Sk_ei secret", seq(0x20, 36));
    s += charon_dump((std::string(p) + "07[IKE] <3> ").c_str(), "Sk_er secret", seq(0x30, 36));
    s += std::string(p) +
         "07[IKE] <myconn|3> IKE_SA myconn[3] established between "
         "2001:db8::1[moon]...2001:db8::2[carol]\n";
    s += std::string(p) + "07[CFG] <myconn|3> selected proposal: ESP:CHACHA20_POLY1305/EXT_SEQ\n";
    s += charon_dump((std::string(p) + "07[CHD] <myconn|3> ").c_str(), "encryption initiator key",
                     seq(0x40, 36));
    s += charon_dump((std::string(p) + "07[CHD] <myconn|3> ").c_str(), "encryption responder key",
                     seq(0x50, 36));
    s += std::string(p) +
         "07[IKE] <myconn|3> CHILD_SA net{5} established with SPIs c1c1c1c1_i 0d0d0d0d_o and TS "
         "10.1.0.0/24 === 10.2.0.0/24\n";
    Loaded l;
    keys_test::load(l, s, "syslog");
    EXPECT_NO_ERRORS(l.r);
    const IkeSaKeys* k = l.store.find_ike(0x5211a642867dfccfull, 0xfbf3c4eb802bc248ull);
    assert_non_null(k);
    assert_int_equal(k->encr_id, 20);
    assert_int_equal(k->encr_key_bits, 256);
    assert_int_equal(k->prf_id, 6);
    ASSERT_BYTES(k->sk_d, seqv(0x10, 48));
    // Responder: the peer started the exchange, so our outbound SA uses the responder key.
    const uint8_t me[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    const uint8_t peer[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
    const EspSaKeys* out =
        l.store.find_esp(0x0d0d0d0d, keys_test::addr16(me), keys_test::addr16(peer));
    assert_non_null(out);
    ASSERT_BYTES(out->encr_key, seqv(0x50, 36));
    assert_int_equal(out->encr_id, 28);
    assert_true(out->esn);
    assert_true(out->esn_known);
    const EspSaKeys* in =
        l.store.find_esp(0xc1c1c1c1, keys_test::addr16(peer), keys_test::addr16(me));
    ASSERT_BYTES(in->encr_key, seqv(0x40, 36));
}

void test_charon_log_errors(void**) {
    std::string s;
    // 1-8: a key set without any SPI source in the file (that alone is no error: it would
    // be kept unbound), but without the Sk_ai / Sk_ar its proposal needs.
    s += "10[CFG] <a|1> selected proposal: "
         "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048\n";
    s += charon_dump("10[IKE] <a|1> ", "Sk_d secret", seq(0x70, 32));
    s += charon_dump("10[IKE] <a|1> ", "Sk_ei secret", seq(0x10, 16));
    s += charon_dump("10[IKE] <a|1> ", "Sk_er secret", seq(0x20, 16));
    // A dump cut short by another line on its thread.
    s += "11[IKE] <b|2> Sk_d secret => 32 bytes @ 0x7f0090008e30\n";
    s += "11[IKE] <b|2>    0: 4C D1 08 00 00 00 00 00 00 00 00 00 00 00 00 00  L...............\n";
    s += "11[IKE] <b|2> authentication of 'moon' with pre-shared key successful\n";
    // Keys of the wrong length for the selected proposal (SPIs from list-sas below).
    s += "12[CFG] <c|3> selected proposal: "
         "IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048\n";
    s += charon_dump("12[IKE] <c|3> ", "Sk_d secret", seq(0x70, 32));
    s += charon_dump("12[IKE] <c|3> ", "Sk_ei secret", seq(0x10, 16));
    s += charon_dump("12[IKE] <c|3> ", "Sk_er secret", seq(0x20, 16));
    s += "c: #3, ESTABLISHED, IKEv2, 0000000000000033_i* 0000000000000034_r\n";
    // A CHILD_SA whose proposal names an unknown cipher.
    s += "13[CFG] <c|3> selected proposal: ESP:SERPENT_CBC_128/HMAC_SHA2_256_128/NO_EXT_SEQ\n";
    s += charon_dump("13[CHD] <c|3> ", "encryption initiator key", seq(0xc0, 16));
    s += "13[IKE] <c|3> CHILD_SA x{7} established with SPIs 11111111_i 22222222_o and TS "
         "10.0.0.0/8 === 10.1.0.0/16\n";
    // A CHILD_SA without key dumps (this log has others, so that is an error).
    s += "13[CFG] <c|3> selected proposal: ESP:AES_CBC_128/HMAC_SHA2_256_128/NO_EXT_SEQ\n";
    s += "13[IKE] <c|3> CHILD_SA y{8} established with SPIs 33333333_i 44444444_o and TS "
         "10.0.0.0/8 === 10.1.0.0/16\n";
    // A dump still open at the end of the file.
    s += "14[CHD] <c|3> encryption responder key => 16 bytes @ 0x7f0090008e30\n";
    Loaded l;
    keys_test::load(l, s, "charon.log");
    EXPECT_ERRORS(
        l.r, "charon.log:9: Sk_d secret: hex dump ends after 16 of 32 octets",
        "charon.log:24: ESP proposal: unknown encryption algorithm \"SERPENT_CBC_128\"",
        "charon.log:26: CHILD_SA keys: no key dumps before CHILD_SA y{8} was established",
        "charon.log:27: encryption responder key: hex dump ends after 0 of 16 octets",
        "charon.log:2: Sk_ai secret: 0 octets, but AUTH_HMAC_SHA2_256_128 needs 32",
        "charon.log:13: Sk_ei secret: 16 octets, but ENCR_AES_CBC-256 needs 32 (AES_CBC_256)");
    EXPECT_NO_SECRETS(l.r, s);
    assert_int_equal(l.store.ike_count(), 0);
    assert_int_equal(l.store.esp_count(), 0);
    assert_true(l.store.unbound_ike().empty());
}

// A log without key dumps (level 1) loads nothing and reports nothing.
void test_charon_log_without_keys(void**) {
    Loaded l;
    keys_test::load(
        l,
        "09[IKE] <psk|1> IKE_SA psk[1] established between 192.0.2.2[c]...192.0.2.1[m]\n"
        "14[IKE] <psk|1> CHILD_SA net{1} established with SPIs 77c7a490_i 75136679_o and TS a === "
        "b\n");
    EXPECT_NO_ERRORS(l.r);
    assert_true(l.store.empty());
    assert_int_equal(l.r.skipped_lines, 0);
}

// ================================ libreswan ===================================

void test_libreswan(void**) {
    std::string s;
    s += "| ikev2 I 0x6ed2c9b61a19da82 0x7f850b9384535e2f sha256:0x" + seq(0x30, 32) +
         " aes128:0x" + seq(0x10, 16) + "\n";
    s +=
        "Nov 25 20:45:34.123 pluto[42]: | ikev2 R 0x6ed2c9b61a19da82 0x7f850b9384535e2f sha256:0x" +
        seq(0x50, 32) + " aes128:0x" + seq(0x20, 16) + "\n";
    // AEAD: integ "none" prints an empty key; the cipher name carries ICV and key length.
    s += "| ikev2 I 0x0000000000000001 0x0000000000000002 none: aes_gcm_16256:0x" + seq(0, 36) +
         "\n";
    s += "| ikev2 R 0x0000000000000001 0x0000000000000002 none: aes_gcm_16256:0x" + seq(1, 36) +
         "\n";
    s += "ikev2 I 0x0000000000000003 0x0000000000000004 sha1:0x" + seq(2, 20) + " 3des:0x" +
         seq(3, 24) + "\n";
    s += "ikev2 I 0x0000000000000005 0x0000000000000006 aes_xcbc:0x" + seq(2, 16) +
         " aes_gcm128:0x" + seq(3, 20) + "\n";
    Loaded l;
    keys_test::load(l, s, "pluto.log");
    // aes_gcm (libreswan's tcpdump name of AES_GCM_8) is AEAD: the aes_xcbc line is refused.
    EXPECT_ERRORS(
        l.r, "pluto.log:6: integrity: ENCR_AES_GCM_8-128 is AEAD and takes no integrity algorithm");
    assert_int_equal(l.r.count(KeyFormat::Libreswan).ike, 3);
    const IkeSaKeys* k = l.store.find_ike(kI, kR);
    assert_non_null(k);
    ASSERT_BYTES(k->sk_ai, seqv(0x30, 32));
    ASSERT_BYTES(k->sk_ar, seqv(0x50, 32));
    ASSERT_BYTES(k->sk_ei, seqv(0x10, 16));
    ASSERT_BYTES(k->sk_er, seqv(0x20, 16));
    assert_int_equal(k->encr_id, 12);
    assert_int_equal(k->encr_key_bits, 128);
    assert_int_equal(k->integ_id, 12);
    assert_int_equal(k->source.line, 1);
    assert_string_equal(k->source.format.c_str(), "libreswan");
    k = l.store.find_ike(1, 2);
    assert_int_equal(k->encr_id, 20);
    assert_int_equal(k->encr_key_bits, 256);
    assert_true(k->sk_ai.empty());
    ASSERT_BYTES(k->sk_er, seqv(1, 36));
    k = l.store.find_ike(3, 4);  // the R line is missing: one direction only
    assert_int_equal(k->encr_id, 3);
    assert_true(k->sk_er.empty());
}

void test_libreswan_errors(void**) {
    std::string s;
    s += "| ikev2 I 0x6ed2c9b61a19da82 0x7f850b9384535e2f sha256:0x" + seq(0x30, 32) + "\n";
    s += "| ikev2 I 0x6ed2c9b61a19da 0x7f850b9384535e2f sha256:0x" + seq(0x30, 32) + " aes128:0x" +
         seq(0x10, 16) + "\n";
    s += "| ikev2 I 0x6ed2c9b61a19da82 0x7f850b9384535e2f sha3:0x" + seq(0x30, 32) + " aes128:0x" +
         seq(0x10, 16) + "\n";
    s += "| ikev2 I 0x6ed2c9b61a19da82 0x7f850b9384535e2f sha256:0x" + seq(0x30, 32) +
         " serpent128:0x" + seq(0x10, 16) + "\n";
    s += "| ikev2 I 0x6ed2c9b61a19da82 0x7f850b9384535e2f sha256:0x" + seq(0x30, 32) +
         " aes256:0x" + seq(0x10, 16) + "\n";
    s += "| ikev2 R 0x6ed2c9b61a19da82 0x7f850b9384535e2f sha256:0x" + seq(0x30, 20) +
         " aes128:0x" + seq(0x10, 16) + "\n";
    s += "| ikev2 R 0x6ed2c9b61a19da82 0x7f850b9384535e2f sha256 aes128:0x" + seq(0x10, 16) + "\n";
    s += "| ikev2 R 0x6ed2c9b61a19da82 0x7f850b9384535e2f sha256:0x" + seq(0x30, 32) + " aes:0x" +
         seq(0x10, 16) + "\n";
    Loaded l;
    keys_test::load(l, s, "pluto.log");
    EXPECT_ERRORS(
        l.r, "pluto.log:1: ikev2 line: fields missing (ikev2 I|R 0xSPIi 0xSPIr integ:key encr:key)",
        "pluto.log:2: SPIi: IKE SPI must be 8 octets (16 hex digits), not 7",
        "pluto.log:3: integrity: unknown integrity algorithm \"sha3\"",
        "pluto.log:4: encryption: unknown encryption algorithm \"serpent128\"",
        "pluto.log:5: SK_ei: 16 octets, but ENCR_AES_CBC-256 needs 32",
        "pluto.log:6: SK_ar: 20 octets, but AUTH_HMAC_SHA2_256_128 needs 32",
        "pluto.log:7: integrity: name:key expected",
        "pluto.log:8: encryption: ENCR_AES_CBC needs a key length (128, 192 or 256)");
    EXPECT_NO_SECRETS(l.r, s);
    assert_true(l.store.empty());
}

// libreswan 4.10 with plutodebug="base crypt private": SK_pi / SK_pr dumps, the
// "ikev2 I/R" lines, and each add_sa() with the ESP enckey / authkey dumps before it.
std::string pluto_dump(const std::string& hex) {
    std::string s;
    const size_t n = hex.size() / 2;
    for (size_t off = 0; off < n; off += 16) {
        std::string line = "Nov 25 21:32:51.636506: |  ";
        for (size_t i = off; i < off + 16 && i < n; i++)
            line += ((i - off) % 4 == 0 ? "  " : " ") + hex.substr(2 * i, 2);
        line += "   ................\n";
        s += line;
    }
    return s;
}

std::string pluto_log() {
    const std::string p = "Nov 25 21:32:51.400399: ";
    std::string s;
    s += p + "\"psk\" #1: initiating IKEv2 connection\n";
    s += p + "| chunk_SK_pi extracted len 32 bytes at 0x552ad86190\n" + p + "| unwrapped:\n" +
         pluto_dump(seq(0x90, 32));
    s += p + "| chunk_SK_pr extracted len 32 bytes at 0x552ad88070\n" + p + "| unwrapped:\n" +
         pluto_dump(seq(0xb0, 32));
    s += p + "|    Message ID: 1 (00 00 00 01)\n";
    s += p + "| ikev2 I 0x6ed2c9b61a19da82 0x7f850b9384535e2f sha256:0x" + seq(0x30, 32) +
         " aes128:0x" + seq(0x10, 16) + "\n";
    s += p + "| ikev2 R 0x6ed2c9b61a19da82 0x7f850b9384535e2f sha256:0x" + seq(0x50, 32) +
         " aes128:0x" + seq(0x20, 16) + "\n";
    s +=
        p + "| kernel: st->st_esp.keymat_len=48 is encrypt_keymat_size=16 + integ_keymat_size=32\n";
    s += p + "| ESP enckey:\n" + pluto_dump(seq(0xc0, 16)) + p + "| ESP authkey:\n" +
         pluto_dump(seq(0xe0, 32));
    s += p +
         "| kernel: add_sa() level=0 outbound tunnel "
         "10.2.0.0/24-ALL->192.0.2.2[c5c4daf7]==>192.0.2.1-ALL->"
         "10.1.0.0/24 replay_window=128 HMAC_SHA2_256_128:32 AES_CBC:16\n";
    s += p + "| netlink_add_sa() adding IPsec SA with reqid 16393\n";
    s += p + "| ESP enckey:\n" + pluto_dump(seq(0x01, 20));
    s += p +
         "| kernel: add_sa() level=0 inbound transport 2001:db8::1[0000abcd]==>2001:db8::2 "
         "replay_window=32 "
         "AES_GCM_16:20\n";
    s += p + "\"psk\" #2: initiator established Child SA using #1\n";
    return s;
}

void test_pluto_private(void**) {
    Loaded l;
    keys_test::load(l, pluto_log(), "pluto.log");
    EXPECT_NO_ERRORS(l.r);
    assert_int_equal(l.r.count(KeyFormat::Libreswan).ike, 1);
    assert_int_equal(l.r.count(KeyFormat::Libreswan).esp, 2);
    assert_int_equal(l.r.skipped_lines, 2);  // the two event lines
    const IkeSaKeys* k = l.store.find_ike(kI, kR);
    assert_non_null(k);
    ASSERT_BYTES(k->sk_pi, seqv(0x90, 32));
    ASSERT_BYTES(k->sk_pr, seqv(0xb0, 32));
    ASSERT_BYTES(k->sk_ei, seqv(0x10, 16));
    ASSERT_BYTES(k->sk_ar, seqv(0x50, 32));
    assert_true(k->sk_d.empty());
    const EspSaKeys* e = l.store.find_esp(0xc5c4daf7, keys_test::addr4(kA2), keys_test::addr4(kA1));
    assert_non_null(e);
    ASSERT_BYTES(e->encr_key, seqv(0xc0, 16));
    ASSERT_BYTES(e->integ_key, seqv(0xe0, 32));
    assert_int_equal(e->encr_id, 12);
    assert_int_equal(e->encr_key_bits, 128);
    assert_int_equal(e->integ_id, 12);
    assert_string_equal(e->source.format.c_str(), "libreswan");
    e = l.store.find_esp(0xabcd, ByteView(), ByteView());
    assert_non_null(e);
    assert_int_equal(e->encr_id, 20);
    assert_int_equal(e->encr_key_bits, 128);
    assert_int_equal(e->family, static_cast<int>(AddressFamily::IPv6));
}

// libreswan's names of CAST (tcpdump "cast", fqn CAST_CBC), RIPEMD (tcpdump "ripemd", fqn
// HMAC_RIPEMD_160_96) and sha2-truncbug: the checked algorithms.
void test_pluto_older_names(void**) {
    std::string s = pluto_log();
    s = replaced(s, " aes128:0x" + seq(0x10, 16), " cast128:0x" + seq(0x10, 16));
    s = replaced(s, " aes128:0x" + seq(0x20, 16), " cast128:0x" + seq(0x20, 16));
    s = replaced(s, "sha256:0x" + seq(0x50, 32), "hmac_sha2_256_truncbug:0x" + seq(0x50, 32));
    s = replaced(s, "sha256:0x" + seq(0x30, 32), "hmac_sha2_256_truncbug:0x" + seq(0x30, 32));
    s = replaced(s, pluto_dump(seq(0xe0, 32)), pluto_dump(seq(0xe0, 20)));
    s = replaced(s, "HMAC_SHA2_256_128:32 AES_CBC:16", "HMAC_RIPEMD_160_96:20 CAST_CBC:16");
    s += "| ikev2 I 0x0000000000000001 0x0000000000000002 ripemd:0x" + seq(0x30, 20) +
         " aes128:0x" + seq(0x10, 16) + "\n";
    Loaded l;
    keys_test::load(l, s, "pluto.log");
    EXPECT_NO_ERRORS(l.r);
    const IkeSaKeys* k = l.store.find_ike(kI, kR);
    assert_non_null(k);
    assert_int_equal(k->encr_id, 6);
    assert_int_equal(k->encr_key_bits, 128);
    assert_int_equal(k->integ_id, 1026);
    assert_int_equal(k->icv_unchecked, 0);
    k = l.store.find_ike(1, 2);
    assert_non_null(k);
    assert_int_equal(k->integ_id, 0xff00);
    const EspSaKeys* e = l.store.find_esp(0xc5c4daf7, keys_test::addr4(kA2), keys_test::addr4(kA1));
    assert_non_null(e);
    assert_int_equal(e->encr_id, 6);
    assert_int_equal(e->integ_id, 0xff00);
    assert_int_equal(e->icv_unchecked, 0);
    ASSERT_BYTES(e->integ_key, seqv(0xe0, 20));
}

void test_pluto_private_errors(void**) {
    const std::string p = "Nov 25 21:32:51.400399: ";
    const std::string path =
        " tunnel 10.2.0.0/24-ALL->192.0.2.2[c5c4daf7]==>192.0.2.1-ALL->10.1.0.0/24 "
        "replay_window=128 ";
    std::string s;
    s += p + "| ESP enckey:\n" + pluto_dump(seq(0xc0, 16)) + p + "| ESP authkey:\n" +
         pluto_dump(seq(0xe0, 32));
    s += p + "| kernel: add_sa() level=0 outbound" + path + "HMAC_SHA2_256_128:32 AES_CBC:24\n";
    s += p + "| ESP enckey:\n" + pluto_dump(seq(0xc0, 16)) + p + "| ESP authkey:\n" +
         pluto_dump(seq(0xe0, 20));
    s += p + "| kernel: add_sa() level=0 outbound" + path + "HMAC_SHA2_256_128:20 AES_CBC:16\n";
    s += p + "| ESP enckey:\n" + pluto_dump(seq(0xc0, 16));
    s += p + "| kernel: add_sa() level=0 outbound" + path + "SERPENT_CBC:16\n";
    s += p + "| ESP enckey:\n" + pluto_dump(seq(0xc0, 16));
    s += p +
         "| kernel: add_sa() level=0 outbound tunnel 192.0.2.2[c5c4daf]==>192.0.2.1 "
         "replay_window=128 AES_CBC:16\n";
    s += p + "| ESP enckey:\n" + pluto_dump(seq(0xc0, 16));
    s += p +
         "| kernel: add_sa() level=0 outbound tunnel 192.0.2.2[c5c4daf7]==>2001:db8::1 "
         "replay_window=128 AES_CBC:16\n";
    Loaded l;
    keys_test::load(l, s, "pluto.log");
    EXPECT_ERRORS(l.r, "pluto.log:6: ESP enckey: 16 octets dumped, but add_sa() says 24",
                  "pluto.log:12: ESP authkey: 20 octets, but AUTH_HMAC_SHA2_256_128 needs 32",
                  "pluto.log:15: algorithm: unknown algorithm \"SERPENT_CBC\"",
                  "pluto.log:18: SPI: ESP SPI odd number of hex digits (7)",
                  "pluto.log:21: add_sa: addresses not understood");
    EXPECT_NO_SECRETS(l.r, s);
    assert_true(l.store.empty());
}

// ============================== tcpdump ESP ===================================

void test_tcpdump_esp(void**) {
    std::string s;
    s += "0x77c7a490@192.0.2.2 aes128-cbc-hmac96:0x" + seq(0x10, 16) + "\n";
    s += "12345@2001:db8::1\t3des-cbc:0x" + seq(0x20, 24) + "\n";
    s += "0x1@192.0.2.2 aes256:abcdefghijklmnopqrstuvwxyz012345\n";  // text secret
    s += "0x2@192.0.2.300 aes128-cbc:0x" + seq(0x10, 16) + "\n";
    s += "0x3@192.0.2.2 bf-cbc:0x" + seq(0x10, 16) + "\n";
    s += "0x4@192.0.2.2 aes192-cbc:0x" + seq(0x10, 16) + "\n";
    Loaded l;
    keys_test::load(l, s, "esp.secrets");
    EXPECT_ERRORS(l.r, "esp.secrets:4: address: not an IPv4 or IPv6 address",
                  "esp.secrets:5: algorithm: unknown or unsupported cipher \"bf\"",
                  "esp.secrets:6: secret: 16 octets, but ENCR_AES_CBC-192 needs 24");
    EXPECT_NO_SECRETS(l.r, s);
    assert_int_equal(l.r.count(KeyFormat::TcpdumpEsp).esp, 3);
    const uint8_t other[4] = {198, 51, 100, 7};
    const EspSaKeys* k =
        l.store.find_esp(0x77c7a490, keys_test::addr4(other), keys_test::addr4(kA2));
    assert_non_null(k);  // tcpdump matches SPI and destination only
    assert_int_equal(k->encr_id, 12);
    assert_int_equal(k->icv_unchecked, 12);
    k = l.store.find_esp(12345, ByteView(), ByteView());
    assert_int_equal(k->encr_id, 3);
    assert_int_equal(k->family, static_cast<int>(AddressFamily::IPv6));
    k = l.store.find_esp(1, ByteView(), ByteView());
    assert_int_equal(k->encr_key_bits, 256);
    assert_int_equal(k->encr_key.size(), 32);
}

// ================================ ip xfrm state ================================

std::string xfrm_state() {
    std::string s;
    s += "src 192.0.2.1 dst 192.0.2.2\n";
    s += "\tproto esp spi 0x77c7a490 reqid 1 mode tunnel\n";
    s += "\treplay-window 0 flag af-unspec\n";
    s += "\tauth-trunc hmac(sha256) 0x" + seq(0x20, 32) + " 128\n";
    s += "\tenc cbc(aes) 0x" + seq(0x10, 16) + "\n";
    s += "\tencap type espinudp sport 4500 dport 4500 addr 0.0.0.0\n";
    s += "\tanti-replay context: seq 0x0, oseq 0x0, bitmap 0x00000000\n";
    s += "\tsel src 10.1.0.0/24 dst 10.2.0.0/24\n";
    // ip -s: spi with its decimal value, key sizes, flags with hex, ESN.
    s += "src 2001:db8::2 dst 2001:db8::1\n";
    s += "\tproto esp spi 0xbac23d47(3133357383) reqid 1 mode tunnel\n";
    s += "\treplay-window 0 seq 0x00000000 flag esn (0x10)\n";
    s += "\taead rfc4106(gcm(aes)) 0x" + seq(0x30, 20) + " (160 bits) 128\n";
    s += "\tanti-replay esn context:\n";
    s += "\t lifetime config:\n";
    s += "\t  limit: soft (INF)(bytes), hard (INF)(bytes)\n";
    s += "\tstats:\n";
    s += "\t  replay-window 0 replay 0 failed 0\n";
    // Policies and AH states have the same first line and are skipped.
    s += "src 10.2.0.0/24 dst 10.1.0.0/24\n";
    s += "\tdir fwd priority 375423 ptype main\n";
    s += "\ttmpl src 192.0.2.2 dst 192.0.2.1\n";
    s += "\t\tproto esp spi 0x00000000 reqid 1 mode tunnel\n";
    s += "src 192.0.2.1 dst 192.0.2.2\n";
    s += "\tproto ah spi 0x00001234 reqid 2 mode transport\n";
    s += "\tauth-trunc hmac(sha1) 0x" + seq(0x40, 20) + " 96\n";
    s += "src 192.0.2.2 dst 192.0.2.1\n";
    s += "\tproto esp spi 0x75136679 reqid 1 mode tunnel\n";
    s += "\tauth hmac(sha1) 0x" + seq(0x50, 20) + "\n";
    s += "\tenc rfc3686(ctr(aes)) 0x" + seq(0x60, 36) + "\n";
    s += "src 192.0.2.2 dst 192.0.2.1\n";
    s += "\tproto esp spi 0x0000abcd reqid 1 mode tunnel\n";
    s += "\taead rfc7539esp(chacha20,poly1305) 0x" + seq(0x70, 36) + " 128\n";
    // NULL encryption prints no key; "anti-replay esn context" without "flag esn" is a
    // large replay window (libreswan), not ESN.
    s += "src 192.0.2.2 dst 192.0.2.1\n";
    s += "\tproto esp spi 0xc0f6c91c(3237398812) reqid 1(0x00000001) mode tunnel\n";
    s += "\treplay-window 0 seq 0x00000000 flag af-unspec (0x00100000)\n";
    s += "\tauth-trunc hmac(sha256) 0x" + seq(0x80, 32) + " (256 bits) 128\n";
    s += "\tenc ecb(cipher_null) \n";
    s += "\tanti-replay esn context:\n";
    s += "\t seq-hi 0x0, seq 0x3, oseq-hi 0x0, oseq 0x0\n";
    return s;
}

void test_ip_xfrm(void**) {
    Loaded l;
    keys_test::load(l, xfrm_state(), "xfrm.txt");
    EXPECT_NO_ERRORS(l.r);
    assert_int_equal(l.r.count(KeyFormat::IpXfrm).esp, 5);
    const EspSaKeys* k = l.store.find_esp(0x77c7a490, keys_test::addr4(kA1), keys_test::addr4(kA2));
    assert_non_null(k);
    assert_int_equal(k->encr_id, 12);
    assert_int_equal(k->encr_key_bits, 128);
    assert_int_equal(k->integ_id, 12);
    ASSERT_BYTES(k->integ_key, seqv(0x20, 32));
    assert_false(k->esn);
    assert_true(k->esn_known);  // a flags line without esn
    assert_int_equal(k->source.line, 1);
    assert_string_equal(k->source.format.c_str(), "ip-xfrm");
    const uint8_t v6a[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
    const uint8_t v6b[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    k = l.store.find_esp(0xbac23d47, keys_test::addr16(v6a), keys_test::addr16(v6b));
    assert_non_null(k);
    assert_int_equal(k->encr_id, 20);
    assert_int_equal(k->encr_key_bits, 128);
    assert_true(k->esn);
    assert_true(k->esn_known);
    k = l.store.find_esp(0x75136679, keys_test::addr4(kA2), keys_test::addr4(kA1));
    assert_int_equal(k->encr_id, 13);
    assert_int_equal(k->encr_key_bits, 256);
    assert_int_equal(k->integ_id, 2);  // "auth hmac(sha1)": the kernel's 96-bit default
    assert_false(k->esn_known);        // no replay-window / flag line in the excerpt
    k = l.store.find_esp(0xabcd, keys_test::addr4(kA2), keys_test::addr4(kA1));
    assert_int_equal(k->encr_id, 28);
    assert_null(l.store.find_esp(0x1234, ByteView(), ByteView()));  // AH
    k = l.store.find_esp(0xc0f6c91c, keys_test::addr4(kA2), keys_test::addr4(kA1));
    assert_int_equal(k->encr_id, 11);
    assert_true(k->encr_key.empty());
    assert_int_equal(k->integ_id, 12);
    assert_false(k->esn);
}

// The kernel's names of the older CBC ciphers, and of the MACs whose truncation picks
// the algorithm: hmac(sha256) at 96 bits (the kernel's default) is HMAC-SHA-256-96,
// hmac(rmd160) HMAC-RIPEMD-160-96, hmac(sha1) at 160 bits RFC 4595's untruncated MAC.
void test_ip_xfrm_older_algorithms(void**) {
    struct X {
        const char* enc;
        size_t km;
        const char* auth;  // the whole auth line, key inserted after the name
        size_t ak;
        const char* trunc;
        uint16_t encr, bits, integ;
    };
    const X xs[] = {
        {"cbc(des)", 8, "auth-trunc hmac(sha256)", 32, " 96", 2, 0, 1026},
        {"cbc(cast5)", 16, "auth hmac(sha256)", 32, "", 6, 128, 1026},
        {"cbc(blowfish)", 24, "auth-trunc hmac(rmd160)", 20, " 96", 7, 192, 0xff00},
        {"cbc(twofish)", 32, "auth hmac(rmd160)", 20, "", 1027, 256, 0xff00},
        {"cbc(twofish)", 16, "auth-trunc hmac(sha1)", 20, " 160", 1027, 128, 7},
        {"des", 8, "auth-trunc hmac(md5)", 16, " 128", 2, 0, 6},
    };
    for (const X& x : xs) {
        std::string s = "src 192.0.2.1 dst 192.0.2.2\n";
        s += "\tproto esp spi 0x00000010 reqid 1 mode tunnel\n";
        s += std::string("\t") + x.auth + " 0x" + seq(0x20, x.ak) + x.trunc + "\n";
        s += std::string("\tenc ") + x.enc + " 0x" + seq(0x10, x.km) + "\n";
        Loaded l;
        keys_test::load(l, s, "xfrm.txt");
        EXPECT_NO_ERRORS(l.r);
        const EspSaKeys* k = l.store.find_esp(0x10, keys_test::addr4(kA1), keys_test::addr4(kA2));
        if (!k) fail_msg("%s / %s: not loaded", x.enc, x.auth);
        assert_int_equal(k->encr_id, x.encr);
        assert_int_equal(k->encr_key_bits, x.bits);
        assert_int_equal(k->integ_id, x.integ);
        assert_int_equal(k->icv_unchecked, 0);
        ASSERT_BYTES(k->integ_key, seqv(0x20, x.ak));
    }
}

void test_ip_xfrm_errors(void**) {
    std::string s;
    s += "src 192.0.2.1 dst 192.0.2.2\n";
    s += "\tproto esp spi 0x00000001 reqid 1 mode tunnel\n";
    s += "\tauth-trunc hmac(sha256) 0x" + seq(0x20, 32) + " 64\n";
    s += "\tenc cbc(aes) 0x" + seq(0x10, 16) + "\n";
    s += "src 192.0.2.1 dst 192.0.2.2\n";
    s += "\tproto esp spi 0x00000002 reqid 1 mode tunnel\n";
    s += "\tenc cbc(aes) 0x" + seq(0x10, 20) + "\n";
    s += "src 192.0.2.1 dst 192.0.2.2\n";
    s += "\tproto esp spi 0x00000003 reqid 1 mode tunnel\n";
    s += "\taead rfc4106(gcm(aes)) 0x" + seq(0x10, 20) + " 32\n";
    s += "src 192.0.2.1 dst 192.0.2.2\n";
    s += "\tproto esp spi 0x00000004 reqid 1 mode tunnel\n";
    s += "\tenc cbc(serpent) 0x" + seq(0x10, 16) + "\n";
    s += "src 192.0.2.1 dst 192.0.2.2\n";
    s += "\tproto esp spi 0x00000005 reqid 1 mode tunnel\n";
    s += "\tauth-trunc hmac(sha1) 0x" + seq(0x20, 20) + " 96\n";
    s += "src 192.0.2.1 dst 192.0.2.2\n";
    s += "\tproto esp spi 0x00000006 reqid 1 mode tunnel\n";
    s += "\tenc cbc(aes) <<Keys hidden>>\n";
    s += "src 192.0.2.1 dst 192.0.2.2\n";
    s += "\tproto esp spi 0x00000007 reqid 1 mode tunnel\n";
    s += "\tauth-trunc hmac(sha1) 0x" + seq(0x20, 16) + " 96\n";
    s += "\tenc cbc(aes) 0x" + seq(0x10, 16) + "\n";
    s += "src 192.0.2.1 dst 192.0.2.2\n";
    s += "\tproto esp spi 0x00000008 reqid 1 mode tunnel\n";
    s += "\tenc cbc(aes) 0x" + seq(0x10, 16) + "\n";
    Loaded l;
    keys_test::load(l, s, "xfrm.txt");
    EXPECT_ERRORS(l.r, "xfrm.txt:3: auth-trunc: unsupported \"hmac(sha256)\" truncated to 64 bits",
                  "xfrm.txt:7: enc: 20 octets, but cbc(aes) needs 16, 24 or 32",
                  "xfrm.txt:10: aead: unsupported AEAD \"rfc4106(gcm(aes))\" with a 32-bit ICV",
                  "xfrm.txt:13: enc: unsupported cipher \"cbc(serpent)\"",
                  "xfrm.txt:14: enc: no enc or aead line in this SA",
                  "xfrm.txt:19: enc: key not shown (listed with nokeys?)",
                  "xfrm.txt:22: auth-trunc: 16 octets, but AUTH_HMAC_SHA1_96 needs 20");
    EXPECT_NO_SECRETS(l.r, s);
    assert_int_equal(l.store.esp_count(), 1);
    assert_non_null(l.store.find_esp(8, ByteView(), ByteView()));
}

// ============================== mixed and files ===============================

void test_mixed_file(void**) {
    std::string s;
    s += "# keys from everywhere\n";
    s += native_ike(" encr=AES_CBC_128 integ=HMAC_SHA2_256_128") + "\n";
    s += "0000000000000001,0000000000000002," + seq(0, 16) + "," + seq(1, 16) +
         ",\"AES-CBC-128 [RFC3602]\"," + seq(2, 32) + "," + seq(3, 32) +
         ",\"HMAC_SHA2_256_128 [RFC4868]\"\n";
    s += charon_log_initiator();
    s += "\"IPv4\",\"192.0.2.9\",\"192.0.2.8\",\"0x00000099\",\"NULL\",\"\",\"HMAC-SHA-1-96 "
         "[RFC2404]\",\"0x" +
         seq(4, 20) + "\"\n";
    s += xfrm_state();
    s += "| ikev2 I 0x0000000000000011 0x0000000000000012 sha1:0x" + seq(2, 20) + " aes128:0x" +
         seq(3, 16) + "\n";
    s += "0x98@192.0.2.8 aes128-cbc:0x" + seq(5, 16) + "\n";
    s += "esp spi=0x97 encr=AES_CBC_128 key=" + seq(6, 16) + "\n";
    s += "some unrelated line of log noise\n";
    s += "ikev2 spi_i=0000000000000021 spi_r=bad sk_ei= sk_er=\n";  // one bad line in the middle
    Loaded l;
    keys_test::load(l, s, "mixed.txt");
    assert_int_equal(l.r.errors.size(), 1);
    assert_string_equal(l.r.errors[0].field.c_str(), "spi_r");
    assert_int_equal(l.r.count(KeyFormat::Native).ike, 1);
    assert_int_equal(l.r.count(KeyFormat::Native).esp, 1);
    assert_int_equal(l.r.count(KeyFormat::WiresharkIkeUat).ike, 1);
    assert_int_equal(l.r.count(KeyFormat::WiresharkEspUat).esp, 1);
    // The charon SA has the same SPIs as the native line: both load, the later replaces.
    assert_int_equal(l.r.count(KeyFormat::CharonLog).ike, 1);
    assert_int_equal(l.r.count(KeyFormat::CharonLog).esp, 2);
    assert_int_equal(l.r.count(KeyFormat::IpXfrm).esp, 5);
    assert_int_equal(l.r.count(KeyFormat::Libreswan).ike, 1);
    assert_int_equal(l.r.count(KeyFormat::TcpdumpEsp).esp, 1);
    assert_int_equal(l.r.ike_total(), 4);
    assert_int_equal(l.r.esp_total(), 10);
    assert_int_equal(l.r.skipped_lines, 1);
    assert_int_equal(l.store.ike_count(), 3);
    // The later of two SAs with the same SPI and addresses wins: the xfrm SA replaced the
    // charon log's (a CHILD_SA is added at its "established" line; an IKE SA at the end of
    // the file, as its SPIs may come later).
    assert_int_equal(l.store.esp_count(), 8);
    assert_string_equal(l.store.find_ike(kI, kR)->source.format.c_str(), "charon-log");
    assert_string_equal(l.store.find_esp(0x77c7a490, keys_test::addr4(kA1), keys_test::addr4(kA2))
                            ->source.format.c_str(),
                        "ip-xfrm");
}

// IKE SAs from every format go into the store in line order when the file ends, so the
// later line wins even when an earlier reader (a charon log) learns its SPIs late.
void test_later_line_wins(void**) {
    std::string s = charon_log_initiator();  // IKE SA kI/kR, its keys at line 6
    s += native_ike(" encr=AES_CBC_128") + "\n";
    Loaded l;
    keys_test::load(l, s, "order");
    EXPECT_NO_ERRORS(l.r);
    assert_string_equal(l.store.find_ike(kI, kR)->source.format.c_str(), "native");
    Loaded m;
    keys_test::load(m, native_ike(" encr=AES_CBC_128") + "\n" + charon_log_initiator(), "order");
    EXPECT_NO_ERRORS(m.r);
    assert_string_equal(m.store.find_ike(kI, kR)->source.format.c_str(), "charon-log");
}

void test_unreadable_paths(void**) {
    KeyStore s;
    LoadResult r = load_key_file("/nonexistent/keys.txt", s);
    EXPECT_ERRORS(r, "/nonexistent/keys.txt:0: file: cannot read: No such file or directory");
    r = load_key_file("/", s);
    EXPECT_ERRORS(r, "/:0: file: cannot read: Is a directory");
    assert_true(s.empty());
    assert_int_equal(s.generation(), 0);
}

void test_load_file(void**) {
    const std::string path =
        keys_test::source_dir() + "/test-captures/psk-aescbc-sha256/ikev2_decryption_table";
    KeyStore s;
    LoadResult r = load_key_file(path, s);
    EXPECT_NO_ERRORS(r);
    const IkeSaKeys* k = s.find_ike(kI, kR);
    assert_non_null(k);
    assert_string_equal(k->source.file.c_str(), path.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    keys_test::set_source_dir(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_native_ike),
        cmocka_unit_test(test_native_ike_without_spis),
        cmocka_unit_test(test_native_ike_names),
        cmocka_unit_test(test_native_esp),
        cmocka_unit_test(test_native_errors),
        cmocka_unit_test(test_uat_ike_rows),
        cmocka_unit_test(test_uat_ike_all_names),
        cmocka_unit_test(test_uat_ike_errors),
        cmocka_unit_test(test_uat_esp_rows),
        cmocka_unit_test(test_uat_esp_errors),
        cmocka_unit_test(test_uat_esp_all_names),
        cmocka_unit_test(test_charon_log),
        cmocka_unit_test(test_charon_log_names),
        cmocka_unit_test(test_charon_log_mgr_syslog),
        cmocka_unit_test(test_charon_log_errors),
        cmocka_unit_test(test_charon_log_without_keys),
        cmocka_unit_test(test_libreswan),
        cmocka_unit_test(test_libreswan_errors),
        cmocka_unit_test(test_pluto_private),
        cmocka_unit_test(test_pluto_older_names),
        cmocka_unit_test(test_pluto_private_errors),
        cmocka_unit_test(test_tcpdump_esp),
        cmocka_unit_test(test_ip_xfrm),
        cmocka_unit_test(test_ip_xfrm_older_algorithms),
        cmocka_unit_test(test_ip_xfrm_errors),
        cmocka_unit_test(test_mixed_file),
        cmocka_unit_test(test_later_line_wins),
        cmocka_unit_test(test_unreadable_paths),
        cmocka_unit_test(test_load_file),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
