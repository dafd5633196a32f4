#include "Signing.h"

#include <QCoreApplication>

#include <openssl/evp.h>

#include <memory>

namespace vax::sync {

namespace {

using PKey = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

constexpr size_t kKeyBytes = 32;
constexpr size_t kSignatureBytes = 64;

Error failure(const char* what)
{
    return Error(ErrorCode::Io, QCoreApplication::translate("Signing", "The signing key could not be used (%1).").arg(QLatin1String(what)));
}

const unsigned char* bytes(const QByteArray& b)
{
    return reinterpret_cast<const unsigned char*>(b.constData());
}

} // namespace

Result<KeyPair> generateKeyPair()
{
    PKey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"), EVP_PKEY_free);
    if (!key)
        return failure("keygen");
    KeyPair pair;
    pair.privateKey.resize(kKeyBytes);
    pair.publicKey.resize(kKeyBytes);
    size_t privateLength = kKeyBytes;
    size_t publicLength = kKeyBytes;
    if (EVP_PKEY_get_raw_private_key(key.get(), reinterpret_cast<unsigned char*>(pair.privateKey.data()), &privateLength) != 1
        || EVP_PKEY_get_raw_public_key(key.get(), reinterpret_cast<unsigned char*>(pair.publicKey.data()), &publicLength) != 1)
        return failure("raw key");
    return pair;
}

Result<QByteArray> sign(const QByteArray& privateKey, const QByteArray& message)
{
    if (size_t(privateKey.size()) != kKeyBytes)
        return failure("private key size");
    PKey key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, bytes(privateKey), kKeyBytes), EVP_PKEY_free);
    MdCtx ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (!key || !ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1)
        return failure("sign init");
    QByteArray signature(qsizetype(kSignatureBytes), Qt::Uninitialized);
    size_t length = kSignatureBytes;
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length, bytes(message), size_t(message.size())) != 1)
        return failure("sign");
    signature.resize(qsizetype(length));
    return signature;
}

bool verify(const QByteArray& publicKey, const QByteArray& message, const QByteArray& signature)
{
    if (size_t(publicKey.size()) != kKeyBytes || size_t(signature.size()) != kSignatureBytes)
        return false;
    PKey key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, bytes(publicKey), kKeyBytes), EVP_PKEY_free);
    MdCtx ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (!key || !ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1)
        return false;
    return EVP_DigestVerify(ctx.get(), bytes(signature), size_t(signature.size()), bytes(message), size_t(message.size())) == 1;
}

} // namespace vax::sync
