// The key store (key_store.hpp): hash maps on the SPIs, address patterns for ESP.
#include "key_store.hpp"

#include <algorithm>
#include <cstdio>
#include <new>

namespace ikev2::keys {

namespace {

unsigned popcount8(uint8_t v) {
    unsigned n = 0;
    for (; v; v &= static_cast<uint8_t>(v - 1)) n++;
    return n;
}

size_t family_size(AddressFamily f) {
    return f == AddressFamily::IPv4 ? 4 : f == AddressFamily::IPv6 ? 16 : 0;
}

bool family_fits(AddressFamily f, ByteView addr) {
    if (addr.size == 0 || f == AddressFamily::Any) return true;
    return addr.size == family_size(f);
}

bool same_esp_identity(const EspSaKeys& a, const EspSaKeys& b) {
    return a.spi == b.spi && a.spi_mask == b.spi_mask && a.family == b.family &&
           a.src.same_as(b.src) && a.dst.same_as(b.dst);
}

// Index of the best match in `v` (most specific, then latest), or -1.
long best_match(const std::vector<EspSaKeys>& v, uint32_t spi, ByteView src, ByteView dst) {
    long best = -1;
    unsigned best_spec = 0;
    for (size_t i = 0; i < v.size(); i++) {
        const EspSaKeys& k = v[i];
        if ((spi & k.spi_mask) != (k.spi & k.spi_mask)) continue;
        if (!family_fits(k.family, src) || !family_fits(k.family, dst)) continue;
        if (!k.src.matches(src) || !k.dst.matches(dst)) continue;
        const unsigned spec = k.src.specificity() + k.dst.specificity();
        if (best < 0 || spec >= best_spec) {  // ">=": the later of equals wins
            best = static_cast<long>(i);
            best_spec = spec;
        }
    }
    return best;
}

std::string hex64(uint64_t v) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

// The file's name without its folders: the tree stays short, and the same for everyone
// who has the file (the error messages of a load give the whole path).
std::string source_text(const Source& s) {
    if (s.file.empty()) return "";
    const size_t slash = s.format == "derived" ? std::string::npos : s.file.find_last_of('/');
    std::string out = " from " + (slash == std::string::npos ? s.file : s.file.substr(slash + 1));
    if (s.line && s.format != "derived") out += ":" + std::to_string(s.line);
    if (!s.format.empty()) out += " (" + s.format + ")";
    return out;
}

}  // namespace

bool AddressPattern::matches(ByteView addr) const {
    if (family == AddressFamily::Any || addr.size == 0) return true;
    const size_t n = family_size(family);
    if (addr.size != n) return false;
    for (size_t i = 0; i < n; i++)
        if ((addr.data[i] & mask[i]) != (bytes[i] & mask[i])) return false;
    return true;
}

unsigned AddressPattern::specificity() const {
    unsigned n = 0;
    for (uint8_t m : mask) n += popcount8(m);
    return n;
}

bool AddressPattern::same_as(const AddressPattern& o) const {
    if (family != o.family) return false;
    for (size_t i = 0; i < 16; i++)
        if ((bytes[i] & mask[i]) != (o.bytes[i] & o.mask[i]) || mask[i] != o.mask[i]) return false;
    return true;
}

size_t KeyStore::SpiPairHash::operator()(const SpiPair& p) const noexcept {
    // SPIs are random (RFC 7296 2.6); mixing both halves is plenty.
    uint64_t h =
        p.i * 0x9e3779b97f4a7c15ull ^ (p.r + 0x7f4a7c159e3779b9ull + (p.i << 6) + (p.i >> 2));
    return static_cast<size_t>(h ^ (h >> 32));
}

AddResult KeyStore::add_ike(IkeSaKeys keys) noexcept {
    try {
        if (!keys.spis_given) {
            unbound_.push_back(std::move(keys));
            generation_++;
            return AddResult::Added;
        }
        const SpiPair id{keys.spi_i, keys.spi_r};
        auto it = ike_.find(id);
        generation_++;
        if (it != ike_.end()) {
            it->second = std::move(keys);
            return AddResult::Replaced;
        }
        ike_.emplace(id, std::move(keys));
        return AddResult::Added;
    } catch (...) {
        return AddResult::Failed;
    }
}

AddResult KeyStore::add_esp(EspSaKeys keys) noexcept {
    try {
        std::vector<EspSaKeys>& bucket =
            keys.spi_mask == 0xffffffffu ? esp_[keys.spi] : esp_masked_;
        generation_++;
        for (EspSaKeys& k : bucket) {
            if (same_esp_identity(k, keys)) {
                // Replace, and move to the end so it counts as the latest.
                k = std::move(keys);
                std::rotate(&k, &k + 1, bucket.data() + bucket.size());
                return AddResult::Replaced;
            }
        }
        bucket.push_back(std::move(keys));
        esp_size_++;
        return AddResult::Added;
    } catch (...) {
        return AddResult::Failed;
    }
}

const IkeSaKeys* KeyStore::find_ike(uint64_t spi_i, uint64_t spi_r) const noexcept {
    auto it = ike_.find(SpiPair{spi_i, spi_r});
    return it == ike_.end() ? nullptr : &it->second;
}

const IkeSaKeys* KeyStore::bind_ike(size_t index, uint64_t spi_i, uint64_t spi_r) noexcept {
    if (index >= unbound_.size()) return nullptr;
    try {
        IkeSaKeys k = std::move(unbound_[index]);
        unbound_.erase(unbound_.begin() + static_cast<std::ptrdiff_t>(index));
        k.spi_i = spi_i;
        k.spi_r = spi_r;
        k.spis_given = true;
        k.bound_by_icv = true;
        generation_++;
        // unordered_map never moves its elements: earlier find_* pointers stay valid.
        auto it = ike_.insert_or_assign(SpiPair{spi_i, spi_r}, std::move(k)).first;
        return &it->second;
    } catch (...) {
        return nullptr;
    }
}

const EspSaKeys* KeyStore::find_esp(uint32_t spi, ByteView src, ByteView dst) const noexcept {
    auto it = esp_.find(spi);
    if (it != esp_.end()) {
        long i = best_match(it->second, spi, src, dst);
        if (i >= 0) return &it->second[static_cast<size_t>(i)];
    }
    long i = best_match(esp_masked_, spi, src, dst);
    return i >= 0 ? &esp_masked_[static_cast<size_t>(i)] : nullptr;
}

bool KeyStore::has_esp_spi(uint32_t spi) const noexcept {
    auto it = esp_.find(spi);
    if (it != esp_.end() && !it->second.empty()) return true;
    for (const EspSaKeys& k : esp_masked_)
        if ((spi & k.spi_mask) == (k.spi & k.spi_mask)) return true;
    return false;
}

void KeyStore::clear() noexcept {
    if (!empty()) generation_++;
    ike_.clear();
    unbound_.clear();
    esp_.clear();
    esp_masked_.clear();
    esp_size_ = 0;
}

std::vector<const IkeSaKeys*> KeyStore::ike_sas() const {
    std::vector<const IkeSaKeys*> out;
    out.reserve(ike_.size());
    for (const auto& kv : ike_) out.push_back(&kv.second);
    return out;
}

std::vector<const EspSaKeys*> KeyStore::esp_sas() const {
    std::vector<const EspSaKeys*> out;
    out.reserve(esp_size_);
    for (const auto& kv : esp_)
        for (const EspSaKeys& k : kv.second) out.push_back(&k);
    for (const EspSaKeys& k : esp_masked_) out.push_back(&k);
    return out;
}

std::string describe(const IkeSaKeys& k) {
    std::string s = k.spis_given ? "IKE SA " + hex64(k.spi_i) + "/" + hex64(k.spi_r)
                                 : std::string("IKE SA (SPIs not given)");
    if (k.bound_by_icv) s += " (SPIs bound by ICV)";
    if (k.encr_id) {
        s += " ENCR " + std::to_string(k.encr_id);
        if (k.encr_key_bits) s += "/" + std::to_string(k.encr_key_bits);
    }
    if (k.integ_id) s += " INTEG " + std::to_string(k.integ_id);
    if (k.icv_unchecked) s += " ICV " + std::to_string(k.icv_unchecked) + " unchecked";
    if (k.prf_id) s += " PRF " + std::to_string(k.prf_id);
    s += " (SK_e " + std::to_string(k.sk_ei.size()) + ", SK_a " + std::to_string(k.sk_ai.size());
    if (!k.sk_d.empty()) s += ", SK_d " + std::to_string(k.sk_d.size());
    if (!k.sk_pi.empty()) s += ", SK_p " + std::to_string(k.sk_pi.size());
    s += " octets)";
    return s + source_text(k.source);
}

std::string describe(const EspSaKeys& k) {
    char spi[24];
    if (k.spi_mask == 0)
        std::snprintf(spi, sizeof spi, "*");
    else
        std::snprintf(spi, sizeof spi, "0x%08x", static_cast<unsigned>(k.spi));
    std::string s = std::string("ESP SA ") + spi;
    if (k.spi_mask != 0 && k.spi_mask != 0xffffffffu) s += " (wildcards)";
    s += " " + (k.src.any() ? std::string("*") : k.src.text) + " -> " +
         (k.dst.any() ? std::string("*") : k.dst.text);
    s += " ENCR " + std::to_string(k.encr_id);
    if (k.encr_key_bits) s += "/" + std::to_string(k.encr_key_bits);
    if (k.integ_id) s += " INTEG " + std::to_string(k.integ_id);
    if (k.icv_unchecked) s += " ICV " + std::to_string(k.icv_unchecked) + " unchecked";
    if (k.esn) s += " ESN";
    s += " (key " + std::to_string(k.encr_key.size()) + ", auth key " +
         std::to_string(k.integ_key.size()) + " octets)";
    return s + source_text(k.source);
}

}  // namespace ikev2::keys
