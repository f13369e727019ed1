// UAT "ikev2_sa_keys". Byte fields are written as bare hex in the UAT file, the three
// algorithm choices as quoted strings; "From the capture" (the default) means the
// algorithms come from the IKE SA's IKE_SA_INIT response in the capture.
#include "ikev2_sa_keys.hpp"

#include "../plugin/ws_compat.hpp"

#include <vector>

#include "crypto/algorithms.hpp"

namespace ikev2::ws {

namespace {

struct Row {
    uat_buffer spi_i; guint spi_i_len;
    uat_buffer spi_r; guint spi_r_len;
    uat_buffer sk_ei; guint sk_ei_len;
    uat_buffer sk_er; guint sk_er_len;
    uat_buffer sk_ai; guint sk_ai_len;
    uat_buffer sk_ar; guint sk_ar_len;
    uat_buffer sk_d; guint sk_d_len;
    guint encr;   // (ENCR ID << 16) | key bits; 0 = from the capture
    guint integ;  // INTEG ID + 1; 0 = from the capture (INTEG NONE is 0 in IANA's table)
    guint prf;    // PRF ID; 0 = from the capture
};

Row* rows = nullptr;
guint num_rows = 0;
void (*on_change)() = nullptr;

// Choice lists filled once from the crypto core's tables. UAT_FLD_VS takes the address
// of an array, so these are arrays (terminated by {0, nullptr}), not vectors.
value_string encr_choices[96];
value_string integ_choices[32];
value_string prf_choices[32];

void build_choices() {
    size_t n = 0;
    encr_choices[n++] = {0, "From the capture"};
    for (size_t i = 0; i < crypto::kEncrAlgorithmCount && n + 1 < G_N_ELEMENTS(encr_choices); i++) {
        const crypto::EncrAlgorithm& e = crypto::kEncrAlgorithms[i];
        if (!e.ike_sk) continue;
        // Registered once for the process lifetime.
        char* name = e.key_bits ? g_strdup_printf("%s-%u", e.name, e.key_bits) : g_strdup(e.name);
        encr_choices[n++] = {(guint32{e.id} << 16) | e.key_bits, name};
    }
    encr_choices[n] = {0, nullptr};
    n = 0;
    integ_choices[n++] = {0, "From the capture"};
    for (size_t i = 0; i < crypto::kIntegAlgorithmCount && n + 1 < G_N_ELEMENTS(integ_choices); i++)
        integ_choices[n++] = {guint32{crypto::kIntegAlgorithms[i].id} + 1, crypto::kIntegAlgorithms[i].name};
    integ_choices[n] = {0, nullptr};
    n = 0;
    prf_choices[n++] = {0, "From the capture"};
    for (size_t i = 0; i < crypto::kPrfAlgorithmCount && n + 1 < G_N_ELEMENTS(prf_choices); i++)
        prf_choices[n++] = {crypto::kPrfAlgorithms[i].id, crypto::kPrfAlgorithms[i].name};
    prf_choices[n] = {0, nullptr};
}

UAT_BUFFER_CB_DEF(ikev2_sa_keys, spi_i, Row, spi_i, spi_i_len)
UAT_BUFFER_CB_DEF(ikev2_sa_keys, spi_r, Row, spi_r, spi_r_len)
UAT_BUFFER_CB_DEF(ikev2_sa_keys, sk_ei, Row, sk_ei, sk_ei_len)
UAT_BUFFER_CB_DEF(ikev2_sa_keys, sk_er, Row, sk_er, sk_er_len)
UAT_BUFFER_CB_DEF(ikev2_sa_keys, sk_ai, Row, sk_ai, sk_ai_len)
UAT_BUFFER_CB_DEF(ikev2_sa_keys, sk_ar, Row, sk_ar, sk_ar_len)
UAT_BUFFER_CB_DEF(ikev2_sa_keys, sk_d, Row, sk_d, sk_d_len)
UAT_VS_DEF(ikev2_sa_keys, encr, Row, guint, 0, "From the capture")
UAT_VS_DEF(ikev2_sa_keys, integ, Row, guint, 0, "From the capture")
UAT_VS_DEF(ikev2_sa_keys, prf, Row, guint, 0, "From the capture")

void* copy_cb(void* dest, const void* source, size_t) {
    auto* d = static_cast<Row*>(dest);
    const auto* s = static_cast<const Row*>(source);
    *d = *s;
    d->spi_i = uat_buffer_dup(s->spi_i, s->spi_i_len);
    d->spi_r = uat_buffer_dup(s->spi_r, s->spi_r_len);
    d->sk_ei = uat_buffer_dup(s->sk_ei, s->sk_ei_len);
    d->sk_er = uat_buffer_dup(s->sk_er, s->sk_er_len);
    d->sk_ai = uat_buffer_dup(s->sk_ai, s->sk_ai_len);
    d->sk_ar = uat_buffer_dup(s->sk_ar, s->sk_ar_len);
    d->sk_d = uat_buffer_dup(s->sk_d, s->sk_d_len);
    return d;
}

void free_cb(void* r) {
    auto* row = static_cast<Row*>(r);
    g_free(row->spi_i); g_free(row->spi_r); g_free(row->sk_ei); g_free(row->sk_er);
    g_free(row->sk_ai); g_free(row->sk_ar); g_free(row->sk_d);
}

// Checks one row; the message names the field at fault, never a key's value.
uat_update_result update_cb(void* r, char** err) {
    const auto* row = static_cast<const Row*>(r);
    auto fail = [err](const char* msg) -> uat_update_result {
        *err = g_strdup(msg);
        return false;
    };
    if (row->spi_i_len != 8) return fail("Initiator SPI: must be 8 octets (16 hex digits)");
    if (row->spi_r_len != 8) return fail("Responder SPI: must be 8 octets (16 hex digits)");
    if (!row->sk_ei_len || !row->sk_er_len) return fail("SK_ei and SK_er: both are required");
    if (row->encr) {
        const crypto::EncrAlgorithm* e = crypto::find_encr(row->encr >> 16, row->encr & 0xffff);
        if (e && row->sk_ei_len != e->key_material()) {
            *err = g_strdup_printf("SK_ei: %u octets, the encryption algorithm needs %zu",
                                   row->sk_ei_len, e->key_material());
            return false;
        }
        if (e && row->sk_er_len != e->key_material())
            return fail("SK_er: length does not match the encryption algorithm");
    }
    if (row->integ > 1) {
        const crypto::IntegAlgorithm* a = crypto::find_integ(static_cast<uint16_t>(row->integ - 1));
        if (a && (row->sk_ai_len != a->key_size || row->sk_ar_len != a->key_size))
            return fail("SK_ai / SK_ar: length does not match the integrity algorithm");
    }
    *err = nullptr;
    return true;
}

void post_update_cb() {
    if (on_change) on_change();
}

uint64_t load_spi(uat_buffer p) {
    const uint8_t* u = uat_buffer_octets(p);
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v = (v << 8) | u[i];
    return v;
}

std::vector<uint8_t> bytes(uat_buffer p, guint len) {
    const uint8_t* u = uat_buffer_octets(p);
    return len ? std::vector<uint8_t>(u, u + len) : std::vector<uint8_t>();
}

}  // namespace

void register_ikev2_sa_keys_uat(module_t* module, void (*changed)()) {
    on_change = changed;
    build_choices();
    static uat_field_t fields[] = {
        UAT_FLD_BUFFER(ikev2_sa_keys, spi_i, "Initiator SPI", "8 octets, hex"),
        UAT_FLD_BUFFER(ikev2_sa_keys, spi_r, "Responder SPI", "8 octets, hex"),
        UAT_FLD_BUFFER(ikev2_sa_keys, sk_ei, "SK_ei", "Initiator's encryption key (with salt for AEAD/CTR)"),
        UAT_FLD_BUFFER(ikev2_sa_keys, sk_er, "SK_er", "Responder's encryption key (with salt for AEAD/CTR)"),
        UAT_FLD_BUFFER(ikev2_sa_keys, sk_ai, "SK_ai", "Initiator's integrity key (empty for AEAD)"),
        UAT_FLD_BUFFER(ikev2_sa_keys, sk_ar, "SK_ar", "Responder's integrity key (empty for AEAD)"),
        UAT_FLD_BUFFER(ikev2_sa_keys, sk_d, "SK_d", "Key for CHILD_SA keys (optional)"),
        UAT_FLD_VS(ikev2_sa_keys, encr, "Encryption algorithm", encr_choices, "Default: from the IKE_SA_INIT response"),
        UAT_FLD_VS(ikev2_sa_keys, integ, "Integrity algorithm", integ_choices, "Default: from the IKE_SA_INIT response"),
        UAT_FLD_VS(ikev2_sa_keys, prf, "PRF", prf_choices, "Default: from the IKE_SA_INIT response"),
        UAT_END_FIELDS,
    };
    uat_t* u = uat_new("IKEv2 SA keys", sizeof(Row), "ikev2_sa_keys", TRUE, &rows, &num_rows,
                       UAT_AFFECTS_DISSECTION, nullptr, copy_cb, update_cb, free_cb,
                       post_update_cb, nullptr, fields);
    prefs_register_uat_preference(module, "sa_keys", "IKEv2 SA keys",
                                  "SPIs and keys of IKE SAs, for decrypting SK and SKF payloads", u);
}

size_t add_uat_keys(keys::KeyStore& store) {
    size_t n = 0;
    for (guint i = 0; i < num_rows; i++) {
        const Row& r = rows[i];
        if (r.spi_i_len != 8 || r.spi_r_len != 8) continue;
        keys::IkeSaKeys k;
        k.spi_i = load_spi(r.spi_i);
        k.spi_r = load_spi(r.spi_r);
        k.sk_ei = bytes(r.sk_ei, r.sk_ei_len);
        k.sk_er = bytes(r.sk_er, r.sk_er_len);
        k.sk_ai = bytes(r.sk_ai, r.sk_ai_len);
        k.sk_ar = bytes(r.sk_ar, r.sk_ar_len);
        k.sk_d = bytes(r.sk_d, r.sk_d_len);
        if (r.encr) {
            k.encr_id = static_cast<uint16_t>(r.encr >> 16);
            k.encr_key_bits = static_cast<uint16_t>(r.encr & 0xffff);
            k.integ_id = r.integ ? static_cast<uint16_t>(r.integ - 1) : 0;
        }
        k.prf_id = static_cast<uint16_t>(r.prf);
        k.source.file = "UAT ikev2_sa_keys";
        k.source.line = i + 1;
        k.source.format = "uat";
        store.add_ike(std::move(k));
        n++;
    }
    return n;
}

}  // namespace ikev2::ws
