#include "PersonLookup.h"

#include "app/common/Clock.h"
#include "app/common/TimeText.h"
#include "app/people/NameText.h"
#include "app/people/PhoneNumber.h"
#include "server/CentralDatabase.h"
#include "server/ChangeFeed.h"

#include <QCoreApplication>

namespace vax::server {

PersonLookup::PersonLookup(CentralDatabase& db, const Clock& clock)
    : m_db(db)
    , m_clock(clock)
{
}

Result<QJsonArray> PersonLookup::find(const QString& rawText, int limit)
{
    const QString text = rawText.trimmed();
    if (text.size() < 3)
        return Error::invalid(QStringLiteral("q"), QCoreApplication::translate("vaxcentral", "Give at least 3 characters to look up."));
    const QString select = QStringLiteral("SELECT p.id, p.site_id, p.full_name, p.birth_date, p.cccd, p.cmnd, p.passport, p.phone, "
                                          "(SELECT count(*) FROM change_feed i WHERE i.person_id = p.id AND i.entity = 'injection' AND i.op = 'insert' "
                                          "AND NOT EXISTS (SELECT 1 FROM void_index v WHERE v.target_id = i.record_id)) "
                                          "FROM person_index p WHERE ");
    Result<QSqlQuery*> q = Error();
    const QString phone = PhoneNumber::lookupKey(text);
    QString digits = text;
    digits.remove(QLatin1Char(' '));
    if (!phone.isEmpty()) {
        q = m_db.query(select + QStringLiteral("p.phone = ? LIMIT ?"), {phone, limit});
    } else if (digits.size() >= 6 && !digits.contains(QLatin1Char(' ')) && digits.at(0).isLetterOrNumber()
        && std::all_of(digits.cbegin(), digits.cend(), [](QChar c) { return c.isLetterOrNumber(); })
        && std::any_of(digits.cbegin(), digits.cend(), [](QChar c) { return c.isDigit(); })) {
        const QString d = digits.toUpper();
        q = m_db.query(select + QStringLiteral("(p.cccd = ? OR p.cmnd = ? OR p.passport = ?) LIMIT ?"), {d, d, d, limit});
    } else {
        q = m_db.query(select + QStringLiteral("p.name_folded LIKE ? ORDER BY p.name_folded LIMIT ?"),
            {QString(NameText::fold(text) + QLatin1Char('%')), limit});
    }
    if (!q.ok())
        return q.error();
    QJsonArray out;
    while (q.value()->next()) {
        QJsonObject p;
        const char* names[] = {"id", "site_id", "full_name", "birth_date", "cccd", "cmnd", "passport", "phone"};
        for (int i = 0; i < 8; ++i) {
            if (!q.value()->value(i).isNull())
                p.insert(QLatin1String(names[i]), q.value()->value(i).toString());
        }
        p.insert(QStringLiteral("doses"), q.value()->value(8).toInt());
        out.append(p);
    }
    q.value()->finish();
    return out;
}

Result<QList<RemoteChange>> PersonLookup::attach(const DeviceContext& device, const QString& personId)
{
    if (m_db.scalar(QStringLiteral("SELECT count(*) FROM person_index WHERE id = ?"), {personId}).toInt() == 0)
        return Error(ErrorCode::NotFound, QCoreApplication::translate("vaxcentral", "Central has no person %1.").arg(personId));
    auto q = m_db.query(m_db.backend() == Backend::Sqlite
            ? QStringLiteral("INSERT OR IGNORE INTO attachment (site_id, person_id, attached_at) VALUES (?, ?, ?)")
            : QStringLiteral("INSERT INTO attachment (site_id, person_id, attached_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"),
        {device.siteId, personId, toIsoWithOffset(m_clock.now())});
    if (!q.ok())
        return q.error();
    return ChangeFeed(m_db).personHistory(personId);
}

} // namespace vax::server
