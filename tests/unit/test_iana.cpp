// IANA registry tables (iana.hpp) and the known Vendor ID table (vendor_ids.hpp).
#include "unit_common.hpp"

#include <cstring>
#include <string>

#include "iana.hpp"
#include "vendor_ids.hpp"

using namespace ikev2;
using namespace ikev2::iana;

namespace {

struct TableInfo {
    const char* name;
    const Entry* table;
    uint64_t max;  // largest value of the field
};

const TableInfo kTables[] = {
    {"kExchangeTypes", kExchangeTypes, 0xff},
    {"kPayloadTypes", kPayloadTypes, 0xff},
    {"kTransformTypes", kTransformTypes, 0xff},
    {"kEncrIds", kEncrIds, 0xffff},
    {"kPrfIds", kPrfIds, 0xffff},
    {"kIntegIds", kIntegIds, 0xffff},
    {"kKeyExchangeIds", kKeyExchangeIds, 0xffff},
    {"kEsnIds", kEsnIds, 0xffff},
    {"kTransformAttrTypes", kTransformAttrTypes, 0x7fff},
    {"kNotifyTypes", kNotifyTypes, 0xffff},
    {"kIdTypes", kIdTypes, 0xff},
    {"kAuthMethods", kAuthMethods, 0xff},
    {"kTsTypes", kTsTypes, 0xff},
    {"kCfgTypes", kCfgTypes, 0xff},
    {"kCfgAttrTypes", kCfgAttrTypes, 0x7fff},
    {"kCertEncodings", kCertEncodings, 0xff},
    {"kProtocolIds", kProtocolIds, 0xff},
    {"kHashAlgorithms", kHashAlgorithms, 0xffff},
    {"kGatewayIdTypes", kGatewayIdTypes, 0xff},
    {"kIpcompIds", kIpcompIds, 0xff},
    {"kRohcAttrTypes", kRohcAttrTypes, 0x7fff},
    {"kGprsTimer3Units", kGprsTimer3Units, 0x7},
    {"kDeviceIdentityTypes", kDeviceIdentityTypes, 0xff},
};

// Each table: sorted by lo, lo <= hi, no gaps or overlaps, covers 0..max, and ends with
// the {0, 0, nullptr} terminator.
void test_tables_cover_their_field(void**) {
    for (const TableInfo& t : kTables) {
        uint64_t next = 0;
        size_t n = 0;
        bool ok = true;
        const Entry* e = t.table;
        for (; e->name != nullptr; e++, n++) {
            if (e->lo != next || e->hi < e->lo || e->name[0] == '\0') {
                std::fprintf(stderr, "%s: entry %zu {%llu, %llu, %s} (expected lo %llu)\n", t.name,
                             n, static_cast<unsigned long long>(e->lo),
                             static_cast<unsigned long long>(e->hi), e->name,
                             static_cast<unsigned long long>(next));
                ok = false;
                break;
            }
            next = e->hi + 1;
        }
        if (ok && next != t.max + 1) {
            std::fprintf(stderr, "%s: ends at %llu, field ends at %llu\n", t.name,
                         static_cast<unsigned long long>(next - 1),
                         static_cast<unsigned long long>(t.max));
            ok = false;
        }
        assert_true(ok);
        assert_true(n > 2);
        assert_int_equal(e->lo, 0);
        assert_int_equal(e->hi, 0);
        // Every value of the field has a name, and nothing past it does.
        assert_non_null(name_of(t.table, 0));
        assert_non_null(name_of(t.table, t.max));
        assert_null(name_of(t.table, t.max + 1));
    }
}

void test_well_known_names(void**) {
    assert_string_equal(name_of(kExchangeTypes, 34), "IKE_SA_INIT");
    assert_string_equal(name_of(kExchangeTypes, 35), "IKE_AUTH");
    assert_string_equal(name_of(kExchangeTypes, 36), "CREATE_CHILD_SA");
    assert_string_equal(name_of(kExchangeTypes, 37), "INFORMATIONAL");
    assert_string_equal(name_of(kExchangeTypes, 43), "IKE_INTERMEDIATE");
    assert_string_equal(name_of(kExchangeTypes, 0), "Reserved");
    assert_string_equal(name_of(kExchangeTypes, 100), "Unassigned");
    assert_string_equal(name_of(kExchangeTypes, 240), "Private use");
    assert_string_equal(name_of(kPayloadTypes, 46), "Encrypted and Authenticated");
    assert_string_equal(name_of(kPayloadTypes, 53), "Encrypted and Authenticated Fragment");
    assert_string_equal(name_of(kTransformTypes, 4), "Key Exchange Method (KE)");
    assert_string_equal(name_of(kTransformAttrTypes, 14), "Key Length (in bits)");
    assert_string_equal(name_of(kEncrIds, 12), "ENCR_AES_CBC");
    assert_string_equal(name_of(kEncrIds, 20), "ENCR_AES_GCM_16");
    assert_string_equal(name_of(kEncrIds, 28), "ENCR_CHACHA20_POLY1305");
    assert_string_equal(name_of(kPrfIds, 5), "PRF_HMAC_SHA2_256");
    assert_string_equal(name_of(kIntegIds, 12), "AUTH_HMAC_SHA2_256_128");
    assert_string_equal(name_of(kIntegIds, 0), "NONE");
    assert_string_equal(name_of(kKeyExchangeIds, 14), "2048-bit MODP Group");
    assert_string_equal(name_of(kKeyExchangeIds, 19), "256-bit random ECP group");
    assert_string_equal(name_of(kKeyExchangeIds, 31), "Curve25519");
    assert_string_equal(name_of(kEsnIds, 1), "Partially Transmitted 64-bit Sequential Numbers");
    assert_string_equal(name_of(kNotifyTypes, 14), "NO_PROPOSAL_CHOSEN");
    assert_string_equal(name_of(kNotifyTypes, 17), "INVALID_KE_PAYLOAD");
    assert_string_equal(name_of(kNotifyTypes, 16388), "NAT_DETECTION_SOURCE_IP");
    assert_string_equal(name_of(kNotifyTypes, 16389), "NAT_DETECTION_DESTINATION_IP");
    assert_string_equal(name_of(kNotifyTypes, 16390), "COOKIE");
    assert_string_equal(name_of(kNotifyTypes, 16393), "REKEY_SA");
    // RFC 5685 section 10.
    assert_string_equal(name_of(kNotifyTypes, 16406), "REDIRECT_SUPPORTED");
    assert_string_equal(name_of(kNotifyTypes, 16407), "REDIRECT");
    assert_string_equal(name_of(kNotifyTypes, 16408), "REDIRECTED_FROM");
    assert_string_equal(name_of(kNotifyTypes, 16430), "IKEV2_FRAGMENTATION_SUPPORTED");
    assert_string_equal(name_of(kNotifyTypes, 16431), "SIGNATURE_HASH_ALGORITHMS");
    assert_string_equal(name_of(kIdTypes, 9), "ID_DER_ASN1_DN");
    assert_string_equal(name_of(kIdTypes, 13), "ID_NULL");
    assert_string_equal(name_of(kAuthMethods, 14), "Digital Signature");
    assert_string_equal(name_of(kAuthMethods, 2), "Shared Key Message Integrity Code");
    assert_string_equal(name_of(kTsTypes, 7), "TS_IPV4_ADDR_RANGE");
    assert_string_equal(name_of(kTsTypes, 10), "TS_SECLABEL");
    assert_string_equal(name_of(kCfgTypes, 1), "CFG_REQUEST");
    assert_string_equal(name_of(kCfgAttrTypes, 1), "INTERNAL_IP4_ADDRESS");
    assert_string_equal(name_of(kCfgAttrTypes, 8), "INTERNAL_IP6_ADDRESS");
    assert_string_equal(name_of(kCertEncodings, 4), "X.509 Certificate - Signature");
    assert_string_equal(name_of(kProtocolIds, 3), "ESP");
    assert_string_equal(name_of(kHashAlgorithms, 2), "SHA2-256");
    assert_string_equal(name_of(kHashAlgorithms, 5), "Identity");
    assert_string_equal(name_of(kGatewayIdTypes, 3), "FQDN of the VPN gateway");
    assert_string_equal(name_of(kIpcompIds, 2), "IPCOMP_DEFLATE");
}

void test_name_or_and_null_table(void**) {
    assert_null(name_of(nullptr, 1));
    assert_string_equal(name_or(nullptr, 1, "fallback"), "fallback");
    assert_string_equal(name_or(kExchangeTypes, 256, "fallback"), "fallback");
    assert_string_equal(name_or(kExchangeTypes, 34, "fallback"), "IKE_SA_INIT");
}

void test_transform_id_tables(void**) {
    assert_ptr_equal(transform_id_table(1), kEncrIds);
    assert_ptr_equal(transform_id_table(2), kPrfIds);
    assert_ptr_equal(transform_id_table(3), kIntegIds);
    assert_ptr_equal(transform_id_table(4), kKeyExchangeIds);
    assert_ptr_equal(transform_id_table(5), kEsnIds);
    for (uint64_t t = 6; t <= 12; t++) assert_ptr_equal(transform_id_table(t), kKeyExchangeIds);
    assert_null(transform_id_table(0));
    assert_null(transform_id_table(13));
    assert_null(transform_id_table(255));
}

void test_payload_short_names(void**) {
    const struct {
        uint8_t type;
        const char* label;
    } want[] = {
        {33, "SA"}, {34, "KE"}, {35, "IDi"}, {36, "IDr"}, {37, "CERT"}, {38, "CERTREQ"},
        {39, "AUTH"}, {40, "N"}, {42, "D"}, {43, "VID"}, {44, "TSi"}, {45, "TSr"},
        {46, "SK"}, {47, "CP"}, {48, "EAP"}, {53, "SKF"},
    };
    for (const auto& w : want) {
        const char* n = payload_short_name(w.type);
        assert_non_null(n);
        assert_string_equal(n, w.label);
    }
    for (uint64_t t = 33; t <= 54; t++) assert_non_null(payload_short_name(t));
    assert_null(payload_short_name(0));
    assert_null(payload_short_name(32));
    assert_null(payload_short_name(55));
    assert_null(payload_short_name(200));
}

void test_notify_is_error(void**) {
    static_assert(notify_is_error(1), "UNSUPPORTED_CRITICAL_PAYLOAD is an error");
    static_assert(!notify_is_error(16384), "INITIAL_CONTACT is a status");
    assert_true(notify_is_error(16383));
    assert_false(notify_is_error(16388));
}

void test_registry_date(void**) {
    const char* d = kRegistryDate;
    assert_int_equal(std::strlen(d), 10);
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) assert_int_equal(d[i], '-');
        else assert_true(d[i] >= '0' && d[i] <= '9');
    }
    assert_true(std::strncmp(d, "2020", 4) >= 0);
}

// ---- Vendor IDs ---------------------------------------------------------------------

void test_vendor_id_strongswan(void**) {
    const uint8_t strongswan[] = {0x88, 0x2f, 0xe5, 0x6d, 0x6f, 0xd2, 0x0d, 0xbc,
                                  0x22, 0x51, 0x61, 0x3b, 0x2e, 0xbe, 0x5b, 0xeb};
    const char* n = vendor_id_name(strongswan, sizeof strongswan);
    assert_non_null(n);
    assert_true(std::strncmp(n, "strongSwan", 10) == 0);
    // One octet less or more is no longer that exact ID.
    const char* shorter = vendor_id_name(strongswan, sizeof strongswan - 1);
    assert_true(shorter == nullptr || std::strncmp(shorter, "strongSwan", 10) != 0);
}

void test_vendor_id_unknown(void**) {
    const uint8_t unknown[] = {0xde, 0xad, 0xbe, 0xef, 0x00, 0x11, 0x22, 0x33,
                               0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb};
    assert_null(vendor_id_name(unknown, sizeof unknown));
    assert_null(vendor_id_name(unknown, 0));
    assert_null(vendor_id_name(nullptr, 0));
}

void test_vendor_id_table_consistent(void**) {
    size_t count = 0;
    const KnownVendorId* table = known_vendor_ids(&count);
    assert_non_null(table);
    assert_true(count > 10);
    size_t exact_seen = 0;
    for (size_t i = 0; i < count; i++) {
        const KnownVendorId& v = table[i];
        assert_non_null(v.bytes);
        assert_true(v.length > 0);
        assert_non_null(v.name);
        assert_true(v.name[0] != '\0');
        const char* n = vendor_id_name(v.bytes, v.length);
        assert_non_null(n);
        if (!v.prefix) {
            // An exact row is found by its own bytes (no other row shadows it).
            if (std::strcmp(n, v.name) != 0)
                std::fprintf(stderr, "row %zu \"%s\" is found as \"%s\"\n", i, v.name, n);
            assert_string_equal(n, v.name);
            exact_seen++;
        } else {
            // A prefix row also names a payload that carries more after it.
            std::vector<uint8_t> longer(v.bytes, v.bytes + v.length);
            longer.push_back(0x00);
            longer.push_back(0x01);
            assert_non_null(vendor_id_name(longer.data(), longer.size()));
        }
    }
    assert_true(exact_seen > 0);
}

}  // namespace

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tables_cover_their_field),
        cmocka_unit_test(test_well_known_names),
        cmocka_unit_test(test_name_or_and_null_table),
        cmocka_unit_test(test_transform_id_tables),
        cmocka_unit_test(test_payload_short_names),
        cmocka_unit_test(test_notify_is_error),
        cmocka_unit_test(test_registry_date),
        cmocka_unit_test(test_vendor_id_strongswan),
        cmocka_unit_test(test_vendor_id_unknown),
        cmocka_unit_test(test_vendor_id_table_consistent),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
