#include "PasswordHash.h"

#include <QByteArray>
#include <QStringList>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

namespace vax::PasswordHash {

namespace {

const QLatin1String kScheme("pbkdf2-sha256");
constexpr int kSaltBytes = 16;
constexpr int kKeyBytes = 32;

QByteArray derive(const QString& password, const QByteArray& salt, int iterations)
{
    const QByteArray pw = password.toUtf8();
    QByteArray key(kKeyBytes, Qt::Uninitialized);
    const int ok = PKCS5_PBKDF2_HMAC(pw.constData(), int(pw.size()),
        reinterpret_cast<const unsigned char*>(salt.constData()), int(salt.size()), iterations,
        EVP_sha256(), kKeyBytes, reinterpret_cast<unsigned char*>(key.data()));
    return ok == 1 ? key : QByteArray();
}

struct Parsed {
    int iterations = 0;
    QByteArray salt;
    QByteArray key;
};

std::optional<Parsed> parse(const QString& stored)
{
    const QStringList parts = stored.split(QLatin1Char('$'));
    if (parts.size() != 4 || parts[0] != kScheme)
        return std::nullopt;
    Parsed p;
    bool ok = false;
    p.iterations = parts[1].toInt(&ok);
    p.salt = QByteArray::fromBase64(parts[2].toLatin1());
    p.key = QByteArray::fromBase64(parts[3].toLatin1());
    if (!ok || p.iterations < 1 || p.salt.size() < 8 || p.key.size() != kKeyBytes)
        return std::nullopt;
    return p;
}

} // namespace

QString make(const QString& password, int iterations)
{
    QByteArray salt(kSaltBytes, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(salt.data()), kSaltBytes) != 1)
        return {};
    const QByteArray key = derive(password, salt, iterations);
    if (key.isEmpty())
        return {};
    return kScheme + QLatin1Char('$') + QString::number(iterations) + QLatin1Char('$')
        + QString::fromLatin1(salt.toBase64()) + QLatin1Char('$') + QString::fromLatin1(key.toBase64());
}

bool verify(const QString& password, const QString& stored)
{
    const auto parsed = parse(stored);
    if (!parsed)
        return false;
    const QByteArray key = derive(password, parsed->salt, parsed->iterations);
    return key.size() == parsed->key.size()
        && CRYPTO_memcmp(key.constData(), parsed->key.constData(), size_t(key.size())) == 0;
}

bool needsRehash(const QString& stored)
{
    const auto parsed = parse(stored);
    return !parsed || parsed->iterations < kDefaultIterations;
}

} // namespace vax::PasswordHash
