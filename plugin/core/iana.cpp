// IANA "Internet Key Exchange Version 2 (IKEv2) Parameters" registry
// (https://www.iana.org/assignments/ikev2-parameters), one table per sub-registry.
//
// Every table covers its whole field: assigned values one by one, and the gaps as the
// registry names them ("Reserved", "Unassigned", "Private use"), so no value is nameless.
// Each table is sorted by `lo`, has no overlaps and ends with {0, 0, nullptr}; a unit test
// walks them all. The reference beside each group is the RFC or draft the registry cites.
#include "iana.hpp"

namespace ikev2::iana {

// The live registry page could not be read when this was transcribed, so its exact
// "Last Updated" date is unknown. This is the newest date of an assignment included:
// RFC 9827, RFC 9838 and RFC 9867 were all published on 2025-11-05 (the last copy of the
// page itself that was seen said 2025-05-23). One later value is included as well:
// notify 16447 (early allocation for draft-ietf-ipsecme-ikev2-downgrade-prevention,
// allocation date unknown).
const char kRegistryDate[] = "2025-11-05";

// IKEv2 Exchange Types (8-bit field). RFC 7296 section 3.1.
const Entry kExchangeTypes[] = {
    {0, 33, "Reserved"},
    {34, 34, "IKE_SA_INIT"},           // RFC 7296
    {35, 35, "IKE_AUTH"},              // RFC 7296
    {36, 36, "CREATE_CHILD_SA"},       // RFC 7296
    {37, 37, "INFORMATIONAL"},         // RFC 7296
    {38, 38, "IKE_SESSION_RESUME"},    // RFC 5723
    {39, 39, "GSA_AUTH"},              // RFC 9838
    {40, 40, "GSA_REGISTRATION"},      // RFC 9838
    {41, 41, "GSA_REKEY"},             // RFC 9838
    {42, 42, "GSA_INBAND_REKEY"},      // RFC 9838
    {43, 43, "IKE_INTERMEDIATE"},      // RFC 9242
    {44, 44, "IKE_FOLLOWUP_KE"},       // RFC 9370
    {45, 239, "Unassigned"},
    {240, 255, "Private use"},
    {0, 0, nullptr},
};

// IKEv2 Payload Types (8-bit field). RFC 7296 section 3.2. 1-32 are IKEv1's.
const Entry kPayloadTypes[] = {
    {0, 0, "No Next Payload"},
    {1, 32, "Reserved"},
    {33, 33, "Security Association"},                    // SA, RFC 7296
    {34, 34, "Key Exchange"},                            // KE
    {35, 35, "Identification - Initiator"},              // IDi
    {36, 36, "Identification - Responder"},              // IDr
    {37, 37, "Certificate"},                             // CERT
    {38, 38, "Certificate Request"},                     // CERTREQ
    {39, 39, "Authentication"},                          // AUTH
    {40, 40, "Nonce"},                                   // Ni, Nr
    {41, 41, "Notify"},                                  // N
    {42, 42, "Delete"},                                  // D
    {43, 43, "Vendor ID"},                               // V
    {44, 44, "Traffic Selector - Initiator"},            // TSi
    {45, 45, "Traffic Selector - Responder"},            // TSr
    {46, 46, "Encrypted and Authenticated"},             // SK
    {47, 47, "Configuration"},                           // CP
    {48, 48, "Extensible Authentication"},               // EAP
    {49, 49, "Generic Secure Password Method"},          // GSPM, RFC 6467
    {50, 50, "Group Identification"},                    // IDg, RFC 9838
    {51, 51, "Group Security Association"},              // GSA, RFC 9838
    {52, 52, "Key Download"},                            // KD, RFC 9838
    {53, 53, "Encrypted and Authenticated Fragment"},    // SKF, RFC 7383
    {54, 54, "Puzzle Solution"},                         // PS, RFC 8019
    {55, 127, "Unassigned"},
    {128, 255, "Private use"},
    {0, 0, nullptr},
};

// Transform Type Values (8-bit field). RFC 7296 section 3.3.2; renamed and extended by
// RFC 9370 (KE, ADDKE1-7), RFC 9827 (SN) and RFC 9838 (KWA, GCAUTH).
const Entry kTransformTypes[] = {
    {0, 0, "Reserved"},
    {1, 1, "Encryption Algorithm (ENCR)"},
    {2, 2, "Pseudorandom Function (PRF)"},
    {3, 3, "Integrity Algorithm (INTEG)"},
    {4, 4, "Key Exchange Method (KE)"},
    {5, 5, "Sequence Numbers (SN)"},
    {6, 6, "Additional Key Exchange 1 (ADDKE1)"},
    {7, 7, "Additional Key Exchange 2 (ADDKE2)"},
    {8, 8, "Additional Key Exchange 3 (ADDKE3)"},
    {9, 9, "Additional Key Exchange 4 (ADDKE4)"},
    {10, 10, "Additional Key Exchange 5 (ADDKE5)"},
    {11, 11, "Additional Key Exchange 6 (ADDKE6)"},
    {12, 12, "Additional Key Exchange 7 (ADDKE7)"},
    {13, 13, "Key Wrap Algorithm (KWA)"},
    {14, 14, "Group Controller Authentication Method (GCAUTH)"},
    {15, 240, "Unassigned"},
    {241, 255, "Private use"},
    {0, 0, nullptr},
};

// IKEv2 Transform Attribute Types (15-bit field after the AF bit). RFC 7296 section
// 3.3.5; 15-17 stay reserved because IKEv1 used them.
const Entry kTransformAttrTypes[] = {
    {0, 13, "Reserved"},
    {14, 14, "Key Length (in bits)"},              // RFC 7296
    {15, 17, "Reserved"},
    {18, 18, "Signature Algorithm Identifier"},    // RFC 9838 (GCAUTH)
    {19, 16383, "Unassigned"},
    {16384, 32767, "Private use"},
    {0, 0, nullptr},
};

// Transform Type 1 - Encryption Algorithm Transform IDs (16-bit field).
const Entry kEncrIds[] = {
    {0, 0, "Reserved"},
    {1, 1, "ENCR_DES_IV64"},                    // RFC 1827
    {2, 2, "ENCR_DES"},                         // RFC 2405
    {3, 3, "ENCR_3DES"},                        // RFC 2451
    {4, 4, "ENCR_RC5"},                         // RFC 2451
    {5, 5, "ENCR_IDEA"},                        // RFC 2451
    {6, 6, "ENCR_CAST"},                        // RFC 2451
    {7, 7, "ENCR_BLOWFISH"},                    // RFC 2451
    {8, 8, "ENCR_3IDEA"},                       // RFC 2451
    {9, 9, "ENCR_DES_IV32"},                    // RFC 7296
    {10, 10, "Reserved"},
    {11, 11, "ENCR_NULL"},                      // RFC 2410
    {12, 12, "ENCR_AES_CBC"},                   // RFC 3602
    {13, 13, "ENCR_AES_CTR"},                   // RFC 3686
    {14, 14, "ENCR_AES_CCM_8"},                 // RFC 4309
    {15, 15, "ENCR_AES_CCM_12"},                // RFC 4309
    {16, 16, "ENCR_AES_CCM_16"},                // RFC 4309
    {17, 17, "Unassigned"},
    {18, 18, "ENCR_AES_GCM_8"},                 // RFC 4106
    {19, 19, "ENCR_AES_GCM_12"},                // RFC 4106
    {20, 20, "ENCR_AES_GCM_16"},                // RFC 4106
    {21, 21, "ENCR_NULL_AUTH_AES_GMAC"},        // RFC 4543
    {22, 22, "Reserved for IEEE P1619 XTS-AES"},
    {23, 23, "ENCR_CAMELLIA_CBC"},              // RFC 5529
    {24, 24, "ENCR_CAMELLIA_CTR"},              // RFC 5529
    {25, 25, "ENCR_CAMELLIA_CCM_8"},            // RFC 5529
    {26, 26, "ENCR_CAMELLIA_CCM_12"},           // RFC 5529
    {27, 27, "ENCR_CAMELLIA_CCM_16"},           // RFC 5529
    {28, 28, "ENCR_CHACHA20_POLY1305"},         // RFC 7634
    {29, 29, "ENCR_AES_CCM_8_IIV"},             // RFC 8750
    {30, 30, "ENCR_AES_GCM_16_IIV"},            // RFC 8750
    {31, 31, "ENCR_CHACHA20_POLY1305_IIV"},     // RFC 8750
    {32, 32, "ENCR_KUZNYECHIK_MGM_KTREE"},      // RFC 9227
    {33, 33, "ENCR_MAGMA_MGM_KTREE"},           // RFC 9227
    {34, 34, "ENCR_KUZNYECHIK_MGM_MAC_KTREE"},  // RFC 9227
    {35, 35, "ENCR_MAGMA_MGM_MAC_KTREE"},       // RFC 9227
    {36, 1023, "Unassigned"},
    {1024, 65535, "Private use"},
    {0, 0, nullptr},
};

// Transform Type 2 - Pseudorandom Function Transform IDs (16-bit field).
const Entry kPrfIds[] = {
    {0, 0, "Reserved"},
    {1, 1, "PRF_HMAC_MD5"},             // RFC 2104
    {2, 2, "PRF_HMAC_SHA1"},            // RFC 2104
    {3, 3, "PRF_HMAC_TIGER"},           // RFC 7296
    {4, 4, "PRF_AES128_XCBC"},          // RFC 4434
    {5, 5, "PRF_HMAC_SHA2_256"},        // RFC 4868
    {6, 6, "PRF_HMAC_SHA2_384"},        // RFC 4868
    {7, 7, "PRF_HMAC_SHA2_512"},        // RFC 4868
    {8, 8, "PRF_AES128_CMAC"},          // RFC 4615
    {9, 9, "PRF_HMAC_STREEBOG_512"},    // RFC 9385
    {10, 1023, "Unassigned"},
    {1024, 65535, "Private use"},
    {0, 0, nullptr},
};

// Transform Type 3 - Integrity Algorithm Transform IDs (16-bit field).
const Entry kIntegIds[] = {
    {0, 0, "NONE"},
    {1, 1, "AUTH_HMAC_MD5_96"},         // RFC 2403
    {2, 2, "AUTH_HMAC_SHA1_96"},        // RFC 2404
    {3, 3, "AUTH_DES_MAC"},             // RFC 7296
    {4, 4, "AUTH_KPDK_MD5"},            // RFC 1826
    {5, 5, "AUTH_AES_XCBC_96"},         // RFC 3566
    {6, 6, "AUTH_HMAC_MD5_128"},        // RFC 4595
    {7, 7, "AUTH_HMAC_SHA1_160"},       // RFC 4595
    {8, 8, "AUTH_AES_CMAC_96"},         // RFC 4494
    {9, 9, "AUTH_AES_128_GMAC"},        // RFC 4543
    {10, 10, "AUTH_AES_192_GMAC"},      // RFC 4543
    {11, 11, "AUTH_AES_256_GMAC"},      // RFC 4543
    {12, 12, "AUTH_HMAC_SHA2_256_128"}, // RFC 4868
    {13, 13, "AUTH_HMAC_SHA2_384_192"}, // RFC 4868
    {14, 14, "AUTH_HMAC_SHA2_512_256"}, // RFC 4868
    {15, 1023, "Unassigned"},
    {1024, 65535, "Private use"},
    {0, 0, nullptr},
};

// Transform Type 4 - Key Exchange Method Transform IDs (16-bit field), also used by
// ADDKE1-7 and by the KE payload's method field (RFC 9370).
const Entry kKeyExchangeIds[] = {
    {0, 0, "NONE"},                                                   // RFC 9370
    {1, 1, "768-bit MODP Group"},                                     // RFC 7296
    {2, 2, "1024-bit MODP Group"},                                    // RFC 7296
    {3, 4, "Reserved"},
    {5, 5, "1536-bit MODP Group"},                                    // RFC 3526
    {6, 13, "Unassigned"},
    {14, 14, "2048-bit MODP Group"},                                  // RFC 3526
    {15, 15, "3072-bit MODP Group"},                                  // RFC 3526
    {16, 16, "4096-bit MODP Group"},                                  // RFC 3526
    {17, 17, "6144-bit MODP Group"},                                  // RFC 3526
    {18, 18, "8192-bit MODP Group"},                                  // RFC 3526
    {19, 19, "256-bit random ECP group"},                             // RFC 5903
    {20, 20, "384-bit random ECP group"},                             // RFC 5903
    {21, 21, "521-bit random ECP group"},                             // RFC 5903
    {22, 22, "1024-bit MODP Group with 160-bit Prime Order Subgroup"},  // RFC 5114
    {23, 23, "2048-bit MODP Group with 224-bit Prime Order Subgroup"},  // RFC 5114
    {24, 24, "2048-bit MODP Group with 256-bit Prime Order Subgroup"},  // RFC 5114
    {25, 25, "192-bit Random ECP Group"},                             // RFC 5114
    {26, 26, "224-bit Random ECP Group"},                             // RFC 5114
    {27, 27, "brainpoolP224r1"},                                      // RFC 6954
    {28, 28, "brainpoolP256r1"},                                      // RFC 6954
    {29, 29, "brainpoolP384r1"},                                      // RFC 6954
    {30, 30, "brainpoolP512r1"},                                      // RFC 6954
    {31, 31, "Curve25519"},                                           // RFC 8031
    {32, 32, "Curve448"},                                             // RFC 8031
    {33, 33, "GOST3410_2012_256"},                                    // RFC 9385
    {34, 34, "GOST3410_2012_512"},                                    // RFC 9385
    {35, 35, "ml-kem-512"},     // draft-ietf-ipsecme-ikev2-mlkem
    {36, 36, "ml-kem-768"},     // draft-ietf-ipsecme-ikev2-mlkem
    {37, 37, "ml-kem-1024"},    // draft-ietf-ipsecme-ikev2-mlkem
    {38, 1023, "Unassigned"},
    {1024, 65535, "Private use"},
    {0, 0, nullptr},
};

// Transform Type 5 - Sequence Numbers Transform IDs (16-bit field). Names from RFC 9827,
// value 2 from RFC 9838. How the registry now splits 3-65535 was not seen; it is given
// the same split as Transform Types 1-4 (RFC 7296 section 3.3.2).
const Entry kEsnIds[] = {
    {0, 0, "32-bit Sequential Numbers"},                           // RFC 9827
    {1, 1, "Partially Transmitted 64-bit Sequential Numbers"},     // RFC 9827
    {2, 2, "32-bit Unspecified Numbers"},                          // RFC 9838
    {3, 1023, "Unassigned"},
    {1024, 65535, "Private use"},
    {0, 0, nullptr},
};

// IKEv2 Notify Message Types (16-bit field): error types 0-16383, status types
// 16384-65535. RFC 7296 section 3.10.1. Inside the two private-use ranges (8192-16383,
// 40960-65535) the values 3GPP assigned for the SWu interface of an ePDG (TS 24.302
// 8.1.2, TS 24.502 9.2.4) are named, as Wireshark's isakmp dissector names them: every
// private type is read as 3GPP's. The rest of those ranges stays "Private use".
const Entry kNotifyTypes[] = {
    {0, 0, "Reserved"},
    {1, 1, "UNSUPPORTED_CRITICAL_PAYLOAD"},     // RFC 7296
    {2, 3, "Reserved"},
    {4, 4, "INVALID_IKE_SPI"},                  // RFC 7296
    {5, 5, "INVALID_MAJOR_VERSION"},            // RFC 7296
    {6, 6, "Reserved"},
    {7, 7, "INVALID_SYNTAX"},                   // RFC 7296
    {8, 8, "Reserved"},
    {9, 9, "INVALID_MESSAGE_ID"},               // RFC 7296
    {10, 10, "Reserved"},
    {11, 11, "INVALID_SPI"},                    // RFC 7296
    {12, 13, "Reserved"},
    {14, 14, "NO_PROPOSAL_CHOSEN"},             // RFC 7296
    {15, 16, "Reserved"},
    {17, 17, "INVALID_KE_PAYLOAD"},             // RFC 7296
    {18, 23, "Reserved"},
    {24, 24, "AUTHENTICATION_FAILED"},          // RFC 7296
    {25, 33, "Reserved"},
    {34, 34, "SINGLE_PAIR_REQUIRED"},           // RFC 7296
    {35, 35, "NO_ADDITIONAL_SAS"},              // RFC 7296
    {36, 36, "INTERNAL_ADDRESS_FAILURE"},       // RFC 7296
    {37, 37, "FAILED_CP_REQUIRED"},             // RFC 7296
    {38, 38, "TS_UNACCEPTABLE"},                // RFC 7296
    {39, 39, "INVALID_SELECTORS"},              // RFC 7296
    {40, 40, "UNACCEPTABLE_ADDRESSES"},         // RFC 4555
    {41, 41, "UNEXPECTED_NAT_DETECTED"},        // RFC 4555
    {42, 42, "USE_ASSIGNED_HoA"},               // RFC 5026
    {43, 43, "TEMPORARY_FAILURE"},              // RFC 7296
    {44, 44, "CHILD_SA_NOT_FOUND"},             // RFC 7296
    {45, 45, "INVALID_GROUP_ID"},               // RFC 9838
    {46, 46, "AUTHORIZATION_FAILED"},           // RFC 9838
    {47, 47, "STATE_NOT_FOUND"},                // RFC 9370
    {48, 48, "TS_MAX_QUEUE"},                   // RFC 9611
    {49, 49, "REGISTRATION_FAILED"},            // RFC 9838
    {50, 8191, "Unassigned"},
    {8192, 8192, "PDN_CONNECTION_REJECTION"},            // 3GPP TS 24.302
    {8193, 8193, "MAX_CONNECTION_REACHED"},              // 3GPP TS 24.302
    {8194, 8240, "Private use"},
    {8241, 8241, "SEMANTIC_ERROR_IN_THE_TFT_OPERATION"}, // 3GPP TS 24.302
    {8242, 8242, "SYNTACTICAL_ERROR_IN_THE_TFT_OPERATION"},// 3GPP TS 24.302
    {8243, 8243, "Private use"},
    {8244, 8244, "SEMANTIC_ERRORS_IN_PACKET_FILTERS"},   // 3GPP TS 24.302
    {8245, 8245, "SYNTACTICAL_ERRORS_IN_PACKET_FILTERS"},// 3GPP TS 24.302
    {8246, 8999, "Private use"},
    {9000, 9000, "NON_3GPP_ACCESS_TO_EPC_NOT_ALLOWED"},  // 3GPP TS 24.302
    {9001, 9001, "USER_UNKNOWN"},                        // 3GPP TS 24.302
    {9002, 9002, "NO_APN_SUBSCRIPTION"},                 // 3GPP TS 24.302
    {9003, 9003, "AUTHORIZATION_REJECTED"},              // 3GPP TS 24.302
    {9004, 9005, "Private use"},
    {9006, 9006, "ILLEGAL_ME"},                          // 3GPP TS 24.302
    {9007, 10499, "Private use"},
    {10500, 10500, "NETWORK_FAILURE"},                   // 3GPP TS 24.302
    {10501, 11000, "Private use"},
    {11001, 11001, "RAT_TYPE_NOT_ALLOWED"},              // 3GPP TS 24.302
    {11002, 11004, "Private use"},
    {11005, 11005, "IMEI_NOT_ACCEPTED"},                 // 3GPP TS 24.302
    {11006, 11010, "Private use"},
    {11011, 11011, "PLMN_NOT_ALLOWED"},                  // 3GPP TS 24.302
    {11012, 11054, "Private use"},
    {11055, 11055, "UNAUTHENTICATED_EMERGENCY_NOT_SUPPORTED"},// 3GPP TS 24.302
    {11056, 15499, "Private use"},
    {15500, 15500, "CONGESTION"},                        // 3GPP TS 24.502
    {15501, 16383, "Private use"},
    {16384, 16384, "INITIAL_CONTACT"},                      // RFC 7296
    {16385, 16385, "SET_WINDOW_SIZE"},                      // RFC 7296
    {16386, 16386, "ADDITIONAL_TS_POSSIBLE"},               // RFC 7296
    {16387, 16387, "IPCOMP_SUPPORTED"},                     // RFC 7296
    {16388, 16388, "NAT_DETECTION_SOURCE_IP"},              // RFC 7296
    {16389, 16389, "NAT_DETECTION_DESTINATION_IP"},         // RFC 7296
    {16390, 16390, "COOKIE"},                               // RFC 7296
    {16391, 16391, "USE_TRANSPORT_MODE"},                   // RFC 7296
    {16392, 16392, "HTTP_CERT_LOOKUP_SUPPORTED"},           // RFC 7296
    {16393, 16393, "REKEY_SA"},                             // RFC 7296
    {16394, 16394, "ESP_TFC_PADDING_NOT_SUPPORTED"},        // RFC 7296
    {16395, 16395, "NON_FIRST_FRAGMENTS_ALSO"},             // RFC 7296
    {16396, 16396, "MOBIKE_SUPPORTED"},                     // RFC 4555
    {16397, 16397, "ADDITIONAL_IP4_ADDRESS"},               // RFC 4555
    {16398, 16398, "ADDITIONAL_IP6_ADDRESS"},               // RFC 4555
    {16399, 16399, "NO_ADDITIONAL_ADDRESSES"},              // RFC 4555
    {16400, 16400, "UPDATE_SA_ADDRESSES"},                  // RFC 4555
    {16401, 16401, "COOKIE2"},                              // RFC 4555
    {16402, 16402, "NO_NATS_ALLOWED"},                      // RFC 4555
    {16403, 16403, "AUTH_LIFETIME"},                        // RFC 4478
    {16404, 16404, "MULTIPLE_AUTH_SUPPORTED"},              // RFC 4739
    {16405, 16405, "ANOTHER_AUTH_FOLLOWS"},                 // RFC 4739
    {16406, 16406, "REDIRECT_SUPPORTED"},                   // RFC 5685
    {16407, 16407, "REDIRECT"},                             // RFC 5685
    {16408, 16408, "REDIRECTED_FROM"},                      // RFC 5685
    {16409, 16409, "TICKET_LT_OPAQUE"},                     // RFC 5723
    {16410, 16410, "TICKET_REQUEST"},                       // RFC 5723
    {16411, 16411, "TICKET_ACK"},                           // RFC 5723
    {16412, 16412, "TICKET_NACK"},                          // RFC 5723
    {16413, 16413, "TICKET_OPAQUE"},                        // RFC 5723
    {16414, 16414, "LINK_ID"},                              // RFC 5739
    {16415, 16415, "USE_WESP_MODE"},                        // RFC 5840
    {16416, 16416, "ROHC_SUPPORTED"},                       // RFC 5857
    {16417, 16417, "EAP_ONLY_AUTHENTICATION"},              // RFC 5998
    {16418, 16418, "CHILDLESS_IKEV2_SUPPORTED"},            // RFC 6023
    {16419, 16419, "QUICK_CRASH_DETECTION"},                // RFC 6290
    {16420, 16420, "IKEV2_MESSAGE_ID_SYNC_SUPPORTED"},      // RFC 6311
    {16421, 16421, "IPSEC_REPLAY_COUNTER_SYNC_SUPPORTED"},  // RFC 6311
    {16422, 16422, "IKEV2_MESSAGE_ID_SYNC"},                // RFC 6311
    {16423, 16423, "IPSEC_REPLAY_COUNTER_SYNC"},            // RFC 6311
    {16424, 16424, "SECURE_PASSWORD_METHODS"},              // RFC 6467
    {16425, 16425, "PSK_PERSIST"},                          // RFC 6631
    {16426, 16426, "PSK_CONFIRM"},                          // RFC 6631
    {16427, 16427, "ERX_SUPPORTED"},                        // RFC 6867
    {16428, 16428, "IFOM_CAPABILITY"},                      // 3GPP TS 24.303
    {16429, 16429, "GROUP_SENDER"},                         // RFC 9838
    {16430, 16430, "IKEV2_FRAGMENTATION_SUPPORTED"},        // RFC 7383
    {16431, 16431, "SIGNATURE_HASH_ALGORITHMS"},            // RFC 7427
    {16432, 16432, "CLONE_IKE_SA_SUPPORTED"},               // RFC 7791
    {16433, 16433, "CLONE_IKE_SA"},                         // RFC 7791
    {16434, 16434, "PUZZLE"},                               // RFC 8019
    {16435, 16435, "USE_PPK"},                              // RFC 8784
    {16436, 16436, "PPK_IDENTITY"},                         // RFC 8784
    {16437, 16437, "NO_PPK_AUTH"},                          // RFC 8784
    {16438, 16438, "INTERMEDIATE_EXCHANGE_SUPPORTED"},      // RFC 9242
    {16439, 16439, "IP4_ALLOWED"},                          // RFC 8983
    {16440, 16440, "IP6_ALLOWED"},                          // RFC 8983
    {16441, 16441, "ADDITIONAL_KEY_EXCHANGE"},              // RFC 9370
    {16442, 16442, "USE_AGGFRAG"},                          // RFC 9347
    {16443, 16443, "SUPPORTED_AUTH_METHODS"},               // RFC 9593
    {16444, 16444, "SA_RESOURCE_INFO"},                     // RFC 9611
    {16445, 16445, "USE_PPK_INT"},                          // RFC 9867
    {16446, 16446, "PPK_IDENTITY_KEY"},                     // RFC 9867
    {16447, 16447, "IKE_SA_INIT_FULL_TRANSCRIPT_AUTH"},     // draft-ietf-ipsecme-ikev2-downgrade-prevention
    {16448, 40959, "Unassigned"},
    {40960, 40960, "Private use"},
    {40961, 40961, "REACTIVATION_REQUESTED_CAUSE"},      // 3GPP TS 24.302
    {40962, 41040, "Private use"},
    {41041, 41041, "BACKOFF_TIMER"},                     // 3GPP TS 24.302
    {41042, 41049, "Private use"},
    {41050, 41050, "PDN_TYPE_IPv4_ONLY_ALLOWED"},        // 3GPP TS 24.302
    {41051, 41051, "PDN_TYPE_IPv6_ONLY_ALLOWED"},        // 3GPP TS 24.302
    {41052, 41100, "Private use"},
    {41101, 41101, "DEVICE_IDENTITY"},                   // 3GPP TS 24.302
    {41102, 41111, "Private use"},
    {41112, 41112, "EMERGENCY_SUPPORT"},                 // 3GPP TS 24.302
    {41113, 41133, "Private use"},
    {41134, 41134, "EMERGENCY_CALL_NUMBERS"},            // 3GPP TS 24.302
    {41135, 41287, "Private use"},
    {41288, 41288, "NBIFOM_GENERIC_CONTAINER"},          // 3GPP TS 24.302
    {41289, 41303, "Private use"},
    {41304, 41304, "P-CSCF_RESELECTION_SUPPORT"},        // 3GPP TS 24.302
    {41305, 41500, "Private use"},
    {41501, 41501, "PTI"},                               // 3GPP TS 24.302
    {41502, 42010, "Private use"},
    {42011, 42011, "P-IKEV2_MULTIPLE_BEARER_PDN_CONNECTIVITY"},// 3GPP TS 24.302
    {42012, 42013, "Private use"},
    {42014, 42014, "P-EPS_QOS"},                         // 3GPP TS 24.302
    {42015, 42015, "P-EXTENDED_EPS_QOS"},                // 3GPP TS 24.302
    {42016, 42016, "Private use"},
    {42017, 42017, "P-TFT"},                             // 3GPP TS 24.302
    {42018, 42019, "Private use"},
    {42020, 42020, "P-MODIFIED_BEARER"},                 // 3GPP TS 24.302
    {42021, 42093, "Private use"},
    {42094, 42094, "P-APN_AMBR"},                        // 3GPP TS 24.302
    {42095, 42095, "P-EXTENDED_APN_AMBR"},               // 3GPP TS 24.302
    {42096, 51014, "Private use"},
    {51015, 51015, "P-N1_MODE_CAPABILITY"},              // 3GPP TS 24.302
    {51016, 51114, "Private use"},
    {51115, 51115, "P-N1_MODE_INFORMATION"},             // 3GPP TS 24.302
    {51116, 55500, "Private use"},
    {55501, 55501, "5G_QOS_INFO"},                       // 3GPP TS 24.502
    {55502, 55502, "NAS_IP4_ADDRESS"},                   // 3GPP TS 24.502
    {55503, 55503, "NAS_IP6_ADDRESS"},                   // 3GPP TS 24.502
    {55504, 55504, "UP_IP4_ADDRESS"},                    // 3GPP TS 24.502
    {55505, 55505, "UP_IP6_ADDRESS"},                    // 3GPP TS 24.502
    {55506, 55506, "NAS_TCP_PORT"},                      // 3GPP TS 24.502
    {55507, 55507, "N3GPP_BACKOFF_TIMER"},               // 3GPP TS 24.502
    {55508, 65535, "Private use"},
    {0, 0, nullptr},
};

// IKEv2 Identification Payload ID Types (8-bit field). RFC 7296 section 3.5; the gaps
// are IKEv1 types that IKEv2 dropped.
const Entry kIdTypes[] = {
    {0, 0, "Reserved"},
    {1, 1, "ID_IPV4_ADDR"},      // RFC 7296
    {2, 2, "ID_FQDN"},           // RFC 7296
    {3, 3, "ID_RFC822_ADDR"},    // RFC 7296
    {4, 4, "Unassigned"},
    {5, 5, "ID_IPV6_ADDR"},      // RFC 7296
    {6, 8, "Unassigned"},
    {9, 9, "ID_DER_ASN1_DN"},    // RFC 7296
    {10, 10, "ID_DER_ASN1_GN"},  // RFC 7296
    {11, 11, "ID_KEY_ID"},       // RFC 7296
    {12, 12, "ID_FC_NAME"},      // RFC 4595
    {13, 13, "ID_NULL"},         // RFC 7619
    {14, 200, "Unassigned"},
    {201, 255, "Private use"},
    {0, 0, nullptr},
};

// IKEv2 Authentication Method (8-bit field). RFC 7296 section 3.8.
const Entry kAuthMethods[] = {
    {0, 0, "Reserved"},
    {1, 1, "RSA Digital Signature"},                          // RFC 7296
    {2, 2, "Shared Key Message Integrity Code"},              // RFC 7296
    {3, 3, "DSS Digital Signature"},                          // RFC 7296
    {4, 8, "Unassigned"},
    {9, 9, "ECDSA with SHA-256 on the P-256 curve"},          // RFC 4754
    {10, 10, "ECDSA with SHA-384 on the P-384 curve"},        // RFC 4754
    {11, 11, "ECDSA with SHA-512 on the P-521 curve"},        // RFC 4754
    {12, 12, "Generic Secure Password Authentication Method"},  // RFC 6467
    {13, 13, "NULL Authentication"},                          // RFC 7619
    {14, 14, "Digital Signature"},                            // RFC 7427
    {15, 200, "Unassigned"},
    {201, 255, "Private use"},
    {0, 0, nullptr},
};

// IKEv2 Traffic Selector Types (8-bit field). RFC 7296 section 3.13.1.
const Entry kTsTypes[] = {
    {0, 6, "Reserved"},
    {7, 7, "TS_IPV4_ADDR_RANGE"},    // RFC 7296
    {8, 8, "TS_IPV6_ADDR_RANGE"},    // RFC 7296
    {9, 9, "TS_FC_ADDR_RANGE"},      // RFC 4595
    {10, 10, "TS_SECLABEL"},         // RFC 9478
    {11, 240, "Unassigned"},
    {241, 255, "Private use"},
    {0, 0, nullptr},
};

// IKEv2 Configuration Payload CFG Types (8-bit field). RFC 7296 section 3.15.
const Entry kCfgTypes[] = {
    {0, 0, "Reserved"},
    {1, 1, "CFG_REQUEST"},
    {2, 2, "CFG_REPLY"},
    {3, 3, "CFG_SET"},
    {4, 4, "CFG_ACK"},
    {5, 127, "Unassigned"},
    {128, 255, "Private use"},
    {0, 0, nullptr},
};

// IKEv2 Configuration Payload Attribute Types (15-bit field after the reserved bit).
// RFC 7296 section 3.15.1; 5, 9 and 11 were retired by RFC 7296.
const Entry kCfgAttrTypes[] = {
    {0, 0, "Reserved"},
    {1, 1, "INTERNAL_IP4_ADDRESS"},                 // RFC 7296
    {2, 2, "INTERNAL_IP4_NETMASK"},                 // RFC 7296
    {3, 3, "INTERNAL_IP4_DNS"},                     // RFC 7296
    {4, 4, "INTERNAL_IP4_NBNS"},                    // RFC 7296
    {5, 5, "Reserved"},
    {6, 6, "INTERNAL_IP4_DHCP"},                    // RFC 7296
    {7, 7, "APPLICATION_VERSION"},                  // RFC 7296
    {8, 8, "INTERNAL_IP6_ADDRESS"},                 // RFC 7296
    {9, 9, "Reserved"},
    {10, 10, "INTERNAL_IP6_DNS"},                   // RFC 7296
    {11, 11, "Reserved"},
    {12, 12, "INTERNAL_IP6_DHCP"},                  // RFC 7296
    {13, 13, "INTERNAL_IP4_SUBNET"},                // RFC 7296
    {14, 14, "SUPPORTED_ATTRIBUTES"},               // RFC 7296
    {15, 15, "INTERNAL_IP6_SUBNET"},                // RFC 7296
    {16, 16, "MIP6_HOME_PREFIX"},                   // RFC 5026
    {17, 17, "INTERNAL_IP6_LINK"},                  // RFC 5739
    {18, 18, "INTERNAL_IP6_PREFIX"},                // RFC 5739
    {19, 19, "HOME_AGENT_ADDRESS"},                 // 3GPP TS 24.302
    {20, 20, "P_CSCF_IP4_ADDRESS"},                 // RFC 7651
    {21, 21, "P_CSCF_IP6_ADDRESS"},                 // RFC 7651
    {22, 22, "FTT_KAT"},                            // 3GPP TS 24.302
    {23, 23, "EXTERNAL_SOURCE_IP4_NAT_INFO"},       // 3GPP TS 24.502
    {24, 24, "TIMEOUT_PERIOD_FOR_LIVENESS_CHECK"},  // 3GPP TS 24.302
    {25, 25, "INTERNAL_DNS_DOMAIN"},                // RFC 8598
    {26, 26, "INTERNAL_DNSSEC_TA"},                 // RFC 8598
    {27, 27, "ENCDNS_IP4"},                         // RFC 9464
    {28, 28, "ENCDNS_IP6"},                         // RFC 9464
    {29, 29, "ENCDNS_DIGEST_INFO"},                 // RFC 9464
    {30, 16383, "Unassigned"},
    {16384, 32767, "Private use"},
    {0, 0, nullptr},
};

// IKEv2 Certificate Encodings (8-bit field). RFC 7296 section 3.6.
const Entry kCertEncodings[] = {
    {0, 0, "Reserved"},
    {1, 1, "PKCS #7 wrapped X.509 certificate"},   // RFC 7296
    {2, 2, "PGP Certificate"},                     // RFC 7296
    {3, 3, "DNS Signed Key"},                      // RFC 7296
    {4, 4, "X.509 Certificate - Signature"},       // RFC 7296
    {5, 5, "Reserved"},
    {6, 6, "Kerberos Token"},                      // RFC 7296
    {7, 7, "Certificate Revocation List (CRL)"},   // RFC 7296
    {8, 8, "Authority Revocation List (ARL)"},     // RFC 7296
    {9, 9, "SPKI Certificate"},                    // RFC 7296
    {10, 10, "X.509 Certificate - Attribute"},     // RFC 7296
    {11, 11, "Raw RSA Key (DEPRECATED)"},          // RFC 7296, RFC 7670
    {12, 12, "Hash and URL of X.509 certificate"},  // RFC 7296
    {13, 13, "Hash and URL of X.509 bundle"},      // RFC 7296
    {14, 14, "OCSP Content"},                      // RFC 4806
    {15, 15, "Raw Public Key"},                    // RFC 7670
    {16, 200, "Unassigned"},
    {201, 255, "Private use"},
    {0, 0, nullptr},
};

// IKEv2 Security Protocol Identifiers (8-bit field). RFC 7296 section 3.3.1.
const Entry kProtocolIds[] = {
    {0, 0, "Reserved"},
    {1, 1, "IKE"},                    // RFC 7296
    {2, 2, "AH"},                     // RFC 7296
    {3, 3, "ESP"},                    // RFC 7296
    {4, 4, "FC_ESP_HEADER"},          // RFC 4595
    {5, 5, "FC_CT_AUTHENTICATION"},   // RFC 4595
    {6, 6, "GIKE_UPDATE"},            // RFC 9838
    {7, 200, "Unassigned"},
    {201, 255, "Private use"},
    {0, 0, nullptr},
};

// IKEv2 Hash Algorithms (16-bit field, SIGNATURE_HASH_ALGORITHMS notify). RFC 7427.
const Entry kHashAlgorithms[] = {
    {0, 0, "Reserved"},
    {1, 1, "SHA1"},            // RFC 7427
    {2, 2, "SHA2-256"},        // RFC 7427
    {3, 3, "SHA2-384"},        // RFC 7427
    {4, 4, "SHA2-512"},        // RFC 7427
    {5, 5, "Identity"},        // RFC 8420
    {6, 6, "STREEBOG_256"},    // RFC 9385
    {7, 7, "STREEBOG_512"},    // RFC 9385
    {8, 1023, "Unassigned"},
    {1024, 65535, "Private use"},
    {0, 0, nullptr},
};

// IKEv2 Gateway Identity Types (8-bit field, REDIRECT notifies). RFC 5685 section 10.
const Entry kGatewayIdTypes[] = {
    {0, 0, "Reserved"},
    {1, 1, "IPv4 address of the VPN gateway"},
    {2, 2, "IPv6 address of the VPN gateway"},
    {3, 3, "FQDN of the VPN gateway"},
    {4, 240, "Unassigned"},
    {241, 255, "Private use"},
    {0, 0, nullptr},
};

// IKEv2 Notification IPCOMP Transform IDs (8-bit field of IPCOMP_SUPPORTED).
// RFC 7296 section 3.10.1.
const Entry kIpcompIds[] = {
    {0, 0, "Reserved"},
    {1, 1, "IPCOMP_OUI"},       // RFC 7296
    {2, 2, "IPCOMP_DEFLATE"},   // RFC 2394
    {3, 3, "IPCOMP_LZS"},       // RFC 2395
    {4, 4, "IPCOMP_LZJH"},      // RFC 3051
    {5, 240, "Unassigned"},
    {241, 255, "Private use"},
    {0, 0, nullptr},
};

// ROHC Attribute Types of ROHC_SUPPORTED (15-bit field after the AF bit). RFC 5857 3.1.
const Entry kRohcAttrTypes[] = {
    {0, 0, "Reserved"},
    {1, 1, "MAX_CID"},       // RFC 5857
    {2, 2, "ROHC_PROFILE"},  // RFC 5857
    {3, 3, "ROHC_INTEG"},    // RFC 5857
    {4, 4, "ROHC_ICV_LEN"},  // RFC 5857
    {5, 5, "MRRU"},          // RFC 5857
    {6, 16383, "Unassigned"},
    {16384, 32767, "Private use"},
    {0, 0, nullptr},
};

// Not IANA: the units of a GPRS timer 3 octet (bits 8-6), which the 3GPP BACKOFF_TIMER
// notify carries. 3GPP TS 24.008 10.5.7.4a, table 10.5.163a.
const Entry kGprsTimer3Units[] = {
    {0, 0, "10 minutes"},
    {1, 1, "1 hour"},
    {2, 2, "10 hours"},
    {3, 3, "2 seconds"},
    {4, 4, "30 seconds"},
    {5, 5, "1 minute"},
    {6, 6, "320 hours"},
    {7, 7, "deactivated"},
    {0, 0, nullptr},
};

// Not IANA: the Identity Type of the 3GPP DEVICE_IDENTITY notify. 3GPP TS 24.302 8.2.9.2.
const Entry kDeviceIdentityTypes[] = {
    {0, 0, "Reserved"},
    {1, 1, "IMEI"},
    {2, 2, "IMEISV"},
    {3, 255, "Reserved"},
    {0, 0, nullptr},
};

const char* name_of(const Entry* table, uint64_t value) {
    if (table == nullptr) {
        return nullptr;
    }
    // Tables are short and sorted: a linear walk that stops early is enough.
    for (const Entry* e = table; e->name != nullptr; ++e) {
        if (value < e->lo) {
            return nullptr;
        }
        if (value <= e->hi) {
            return e->name;
        }
    }
    return nullptr;
}

const char* name_or(const Entry* table, uint64_t value, const char* fallback) {
    const char* name = name_of(table, value);
    return name != nullptr ? name : fallback;
}

const Entry* transform_id_table(uint64_t transform_type) {
    switch (transform_type) {
        case 1:
            return kEncrIds;
        case 2:
            return kPrfIds;
        case 3:
            return kIntegIds;
        case 4:
            return kKeyExchangeIds;
        case 5:
            return kEsnIds;
        default:
            break;
    }
    // ADDKE1..ADDKE7 draw their IDs from the Transform Type 4 registry (RFC 9370 section 2.2.2).
    if (transform_type >= 6 && transform_type <= 12) {
        return kKeyExchangeIds;
    }
    return nullptr;
}

const char* payload_short_name(uint64_t payload_type) {
    switch (payload_type) {
        case payload::kSA:
            return "SA";
        case payload::kKE:
            return "KE";
        case payload::kIDi:
            return "IDi";
        case payload::kIDr:
            return "IDr";
        case payload::kCERT:
            return "CERT";
        case payload::kCERTREQ:
            return "CERTREQ";
        case payload::kAUTH:
            return "AUTH";
        case payload::kNonce:
            return "N";  // Cisco debugs call the nonce "N"; the notify gets the long form
        case payload::kNotify:
            return "NOTIFY";
        case payload::kDelete:
            return "D";
        case payload::kVendorId:
            return "VID";
        case payload::kTSi:
            return "TSi";
        case payload::kTSr:
            return "TSr";
        case payload::kSK:
            return "SK";
        case payload::kCP:
            return "CP";
        case payload::kEAP:
            return "EAP";
        case payload::kGSPM:
            return "GSPM";
        case payload::kIDg:
            return "IDg";
        case payload::kGSA:
            return "GSA";
        case payload::kKD:
            return "KD";
        case payload::kSKF:
            return "SKF";
        case payload::kPS:
            return "PS";
        default:
            return nullptr;
    }
}

}  // namespace ikev2::iana
