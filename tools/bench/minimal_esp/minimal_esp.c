/* Minimal ESP: a reference dissector for the ESP benchmark (tools/bench/run.py, mode
 * `minimal`), not a product and not part of the ikev2 plugin.
 *
 * It does the least a useful ESP layer does in Wireshark, so that its time on a capture
 * shows what one more protocol layer (tree items, columns, frame.protocols, a new data
 * source, handing the payload on) plus libgcrypt cost by themselves, a cost no ESP
 * plugin can avoid. Per packet:
 *   - Protocol and Info columns, a protocol item with the SPI and sequence number;
 *   - decryption with one libgcrypt cipher handle (and one MAC handle) opened and keyed
 *     once at start-up: NULL (no ICV, the payload is the plaintext, shown in place as the
 *     ikev2 plugin does), AES-128-GCM-16 (RFC 4106: nonce = salt | 8-octet IV, AAD = SPI |
 *     sequence number) or AES-128-CBC + HMAC-SHA2-256-128 (RFC 3602, RFC 4868: the HMAC
 *     over SPI .. ciphertext checked before decryption);
 *   - the plaintext as a child tvb with its own data source, pad length and next header
 *     items, and the payload handed to the "ip.proto" table by next header (ICMP in
 *     transport mode, IPv4 in tunnel mode).
 * A bad ICV or tag: the payload is skipped, nothing else.
 *
 * Deliberately left out: SA lookup (one SA for every packet, whatever its SPI or
 * addresses), sequence number analysis, ESN, key files and preferences, expert infos, the
 * IV / padding / ICV items, TFC padding, UDP encapsulation, IPv6 and dummy packets.
 *
 * The SA comes from the environment, read once in the handoff:
 *   MINESP_ALG        null | gcm | cbc-sha256 (default null)
 *   MINESP_KEY        hex; gcm: 16-octet AES key + 4-octet salt; cbc-sha256: AES-128 key
 *   MINESP_INTEG_KEY  hex; cbc-sha256: the HMAC-SHA2-256 key
 * Filter name `minesp`. It takes IP protocol 50 over from the built-in ESP dissector.
 */
#include <ws_version.h>
#include <epan/packet.h>
#include <epan/proto.h>
#include <gcrypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef WS_PLUGIN_DESC_DISSECTOR
#define WS_PLUGIN_DESC_DISSECTOR (1UL << 0) /* wsutil/plugins.h of 4.2 and later */
#endif

WS_DLL_PUBLIC_DEF const char plugin_version[] = "0.1";
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;
WS_DLL_PUBLIC void plugin_register(void);
WS_DLL_PUBLIC uint32_t plugin_describe(void);

enum alg { ALG_NONE, ALG_NULL, ALG_GCM, ALG_CBC_SHA256 };

static int proto_minesp = -1;
static int hf_spi = -1, hf_seq = -1, hf_pad_len = -1, hf_next_header = -1;
static int ett_minesp = -1;
static dissector_table_t ip_proto_table;

/* The one SA. */
static enum alg sa_alg = ALG_NONE;
static unsigned sa_iv, sa_icv, sa_block;
static uint8_t sa_salt[4];
static gcry_cipher_hd_t sa_cipher;
static gcry_mac_hd_t sa_mac;

/* Hex (an optional 0x in front) into out; the number of octets, or -1. */
static int parse_hex(const char *s, uint8_t *out, size_t max)
{
    size_t n = 0;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        s += 2;
    for (; s[0] && s[1]; s += 2) {
        char pair[3] = {s[0], s[1], 0};
        char *end;
        unsigned long v = strtoul(pair, &end, 16);
        if (*end || n == max)
            return -1;
        out[n++] = (uint8_t)v;
    }
    return *s ? -1 : (int)n;
}

static void setup_sa(void)
{
    const char *alg = getenv("MINESP_ALG");
    const char *key = getenv("MINESP_KEY");
    const char *integ = getenv("MINESP_INTEG_KEY");
    uint8_t k[32], ik[64];
    int klen = key ? parse_hex(key, k, sizeof k) : 0;
    int iklen = integ ? parse_hex(integ, ik, sizeof ik) : 0;

    if (!alg || !strcmp(alg, "null")) {
        sa_alg = ALG_NULL;
        sa_iv = 0, sa_icv = 0, sa_block = 4;
    } else if (!strcmp(alg, "gcm") && klen == 20) {
        gcry_cipher_open(&sa_cipher, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_GCM, 0);
        gcry_cipher_setkey(sa_cipher, k, 16);
        memcpy(sa_salt, k + 16, 4);
        sa_alg = ALG_GCM;
        sa_iv = 8, sa_icv = 16, sa_block = 4;
    } else if (!strcmp(alg, "cbc-sha256") && klen == 16 && iklen > 0) {
        gcry_cipher_open(&sa_cipher, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_CBC, 0);
        gcry_cipher_setkey(sa_cipher, k, 16);
        gcry_mac_open(&sa_mac, GCRY_MAC_HMAC_SHA256, 0, NULL);
        gcry_mac_setkey(sa_mac, ik, (size_t)iklen);
        sa_alg = ALG_CBC_SHA256;
        sa_iv = 16, sa_icv = 16, sa_block = 16;
    } else {
        fprintf(stderr, "minimal_esp: bad MINESP_ALG / MINESP_KEY / MINESP_INTEG_KEY: "
                        "no decryption\n");
    }
}

static int dissect_minesp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    const int len = (int)tvb_captured_length(tvb);
    col_set_str(pinfo->cinfo, COL_PROTOCOL, "ESP");
    proto_item *ti = proto_tree_add_item(tree, proto_minesp, tvb, 0, -1, ENC_NA);
    proto_tree *t = proto_item_add_subtree(ti, ett_minesp);
    if (len < 8)
        return len;
    col_add_fstr(pinfo->cinfo, COL_INFO, "ESP (SPI=0x%08x)", tvb_get_ntohl(tvb, 0));
    proto_tree_add_item(t, hf_spi, tvb, 0, 4, ENC_BIG_ENDIAN);
    proto_tree_add_item(t, hf_seq, tvb, 4, 4, ENC_BIG_ENDIAN);

    if (sa_alg == ALG_NONE)
        return len;
    const int body = len - 8 - (int)sa_iv - (int)sa_icv; /* ciphertext: payload .. next header */
    if (body < 2 || body % (int)sa_block)
        return len;
    const uint8_t *p = tvb_get_ptr(tvb, 0, len);
    const uint8_t *icv = p + len - sa_icv;
    tvbuff_t *plain_tvb;
    const uint8_t *plain;
    uint8_t *buf; /* the plaintext, in packet memory */

    switch (sa_alg) {
    case ALG_NULL:
        plain = p + 8;
        plain_tvb = tvb_new_subset_length(tvb, 8, body);
        break;
    case ALG_GCM: {
        uint8_t nonce[12];
        memcpy(nonce, sa_salt, 4);
        memcpy(nonce + 4, p + 8, 8);
        buf = (uint8_t *)wmem_alloc(pinfo->pool, (size_t)body);
        gcry_cipher_reset(sa_cipher);
        gcry_cipher_setiv(sa_cipher, nonce, sizeof nonce);
        gcry_cipher_authenticate(sa_cipher, p, 8);
        gcry_cipher_decrypt(sa_cipher, buf, (size_t)body, p + 16, (size_t)body);
        if (gcry_cipher_checktag(sa_cipher, icv, sa_icv) != 0)
            return len;
        plain = buf;
        plain_tvb = tvb_new_child_real_data(tvb, buf, (unsigned)body, body);
        add_new_data_source(pinfo, plain_tvb, "Decrypted ESP");
        break;
    }
    case ALG_CBC_SHA256: {
        uint8_t mac[32];
        size_t mac_len = sizeof mac;
        gcry_mac_reset(sa_mac);
        gcry_mac_write(sa_mac, p, (size_t)(len - (int)sa_icv));
        gcry_mac_read(sa_mac, mac, &mac_len);
        if (memcmp(mac, icv, sa_icv) != 0)
            return len;
        buf = (uint8_t *)wmem_alloc(pinfo->pool, (size_t)body);
        gcry_cipher_reset(sa_cipher);
        gcry_cipher_setiv(sa_cipher, p + 8, 16);
        gcry_cipher_decrypt(sa_cipher, buf, (size_t)body, p + 24, (size_t)body);
        plain = buf;
        plain_tvb = tvb_new_child_real_data(tvb, buf, (unsigned)body, body);
        add_new_data_source(pinfo, plain_tvb, "Decrypted ESP");
        break;
    }
    default:
        return len;
    }

    /* RFC 4303 2.4: ... padding, pad length, next header. */
    const int pad_len = plain[body - 2];
    const int next_header = plain[body - 1];
    proto_tree_add_item(t, hf_pad_len, plain_tvb, body - 2, 1, ENC_NA);
    proto_tree_add_item(t, hf_next_header, plain_tvb, body - 1, 1, ENC_NA);
    if (pad_len > body - 2)
        return len;
    tvbuff_t *payload = tvb_new_subset_length(plain_tvb, 0, body - 2 - pad_len);
    dissector_try_uint(ip_proto_table, (uint32_t)next_header, payload, pinfo, tree);
    return len;
}

static void proto_register_minesp(void)
{
    static hf_register_info hf[] = {
        {&hf_spi, {"SPI", "minesp.spi", FT_UINT32, BASE_HEX, NULL, 0, NULL, HFILL}},
        {&hf_seq, {"Sequence", "minesp.seq", FT_UINT32, BASE_DEC, NULL, 0, NULL, HFILL}},
        {&hf_pad_len, {"Pad Length", "minesp.pad_len", FT_UINT8, BASE_DEC, NULL, 0, NULL, HFILL}},
        {&hf_next_header, {"Next Header", "minesp.next_header", FT_UINT8, BASE_DEC, NULL, 0, NULL,
                           HFILL}},
    };
    static int *ett[] = {&ett_minesp};
    proto_minesp = proto_register_protocol("Minimal ESP", "Minimal ESP", "minesp");
    proto_register_field_array(proto_minesp, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
}

static void proto_reg_handoff_minesp(void)
{
    ip_proto_table = find_dissector_table("ip.proto");
    dissector_add_uint("ip.proto", 50, create_dissector_handle(dissect_minesp, proto_minesp));
    setup_sa();
}

void plugin_register(void)
{
    static proto_plugin plugin;
    plugin.register_protoinfo = proto_register_minesp;
    plugin.register_handoff = proto_reg_handoff_minesp;
    proto_register_plugin(&plugin);
}

uint32_t plugin_describe(void)
{
    return WS_PLUGIN_DESC_DISSECTOR;
}
