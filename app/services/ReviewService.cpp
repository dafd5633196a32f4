#include "ReviewService.h"

#include "app/clinical/Correction.h"
#include "app/common/Clock.h"
#include "app/services/InjectionService.h"
#include "app/store/ClinicalRepository.h"
#include "app/store/PersonRepository.h"
#include "app/store/RecordWriter.h"
#include "app/store/SiteStore.h"
#include "app/store/StockRepository.h"

#include <QSet>

namespace vax {

ReviewService::ReviewService(SiteStore& store, const Clock& clock)
    : m_store(store)
    , m_clock(clock)
{
}

QList<ReviewItem> ReviewService::open()
{
    return m_store.sync().reviewItems(false);
}

Result<ReviewItem> ReviewService::openItem(const Session& session, const QString& itemId)
{
    if (auto r = session.require(Permission::CorrectRecords, tr("settle review items")); !r.ok())
        return r.error();
    for (const ReviewItem& i : open()) {
        if (i.id == itemId)
            return i;
    }
    return Error(ErrorCode::NotFound, tr("This review item is settled already, or does not exist."));
}

Result<void> ReviewService::settle(RecordWriter& writer, const ReviewItem& item, const QString& reason)
{
    Correction c;
    c.entity = Entity::ReviewItem;
    c.targetId = item.id;
    c.action = CorrectionAction::Void;
    c.reason = reason;
    auto r = writer.add(Entity::Correction, c);
    if (!r.ok())
        return r.error();
    return {};
}

QString ReviewService::ownRecord(const ReviewItem& item)
{
    const QString site = m_store.identity().siteId;
    auto owned = [&](const QString& id) {
        if (id.isEmpty())
            return false;
        if (item.entity == QLatin1String("person")) {
            const auto p = m_store.persons().byId(id);
            return p && p->stamp.siteId == site;
        }
        const auto i = m_store.clinical().injection(id);
        return i && i->stamp.siteId == site;
    };
    if (owned(item.recordId))
        return item.recordId;
    if (owned(item.otherId))
        return item.otherId;
    return {};
}

Result<void> ReviewService::keep(const Session& session, const QString& itemId, const QString& reason)
{
    auto item = openItem(session, itemId);
    if (!item.ok())
        return item.error();
    QString why = reason.trimmed();
    if (why.isEmpty()) {
        why = item->kind == QLatin1String("field_conflict") ? tr("kept the merged value")
                                                            : tr("checked: not a duplicate, both records stay");
    }
    return m_store.write(session.userId(), [&](RecordWriter& w) { return settle(w, *item, why); });
}

Result<void> ReviewService::useOther(const Session& session, const QString& itemId)
{
    auto item = openItem(session, itemId);
    if (!item.ok())
        return item.error();
    const auto entity = entityFromName(item->entity);
    if (item->kind != QLatin1String("field_conflict") || !entity || isEvent(*entity) || item->field.isEmpty())
        return Error::invalid(QStringLiteral("review"), tr("Only a field changed on two devices can be set to the other value."));
    return m_store.write(session.userId(), [&](RecordWriter& w) -> Result<void> {
        if (auto r = w.update(*entity, item->recordId, QJsonObject{{item->field, item->lostValue}}); !r.ok())
            return r;
        return settle(w, *item, tr("put the other value back: %1").arg(item->lostValue.toVariant().toString()));
    });
}

Result<void> ReviewService::mergePerson(const Session& session, const QString& itemId)
{
    auto item = openItem(session, itemId);
    if (!item.ok())
        return item.error();
    if (item->kind != QLatin1String("duplicate_person"))
        return Error::invalid(QStringLiteral("review"), tr("Only a person registered twice can be merged."));
    const QString own = ownRecord(*item);
    if (own.isEmpty()) {
        return Error(ErrorCode::Forbidden,
            tr("Neither record was registered at this site: the site that registered one of them merges it."));
    }
    const QString into = own == item->recordId ? item->otherId : item->recordId;
    return m_store.write(session.userId(), [&](RecordWriter& w) -> Result<void> {
        if (auto r = w.update(Entity::Person, own, QJsonObject{{QStringLiteral("merged_into"), into}}); !r.ok())
            return r;
        return settle(w, *item, tr("the same person: this site's record merged into %1").arg(into));
    });
}

Result<void> ReviewService::voidDuplicateDose(const Session& session, const QString& itemId, const QString& reason)
{
    auto item = openItem(session, itemId);
    if (!item.ok())
        return item.error();
    if (item->kind != QLatin1String("duplicate_dose"))
        return Error::invalid(QStringLiteral("review"), tr("Only a dose recorded twice can be voided from here."));
    if (reason.trimmed().size() < 3)
        return Error::invalid(QStringLiteral("reason"), tr("Reason is empty: say why this dose is void (recorded twice, …)."));
    const QString own = ownRecord(*item);
    if (own.isEmpty())
        return Error(ErrorCode::Forbidden, tr("Neither dose was recorded at this site: the site that recorded one of them voids it."));
    InjectionService injections(m_store, m_clock);
    return m_store.write(session.userId(), [&](RecordWriter& w) -> Result<void> {
        if (auto r = injections.writeVoid(w, own, reason.trimmed()); !r.ok())
            return r;
        return settle(w, *item, tr("dose recorded twice: this site's copy voided (%1)").arg(reason.trimmed()));
    });
}

Result<void> ReviewService::undoExtraReturn(const Session& session, const QString& itemId)
{
    auto item = openItem(session, itemId);
    if (!item.ok())
        return item.error();
    if (item->kind != QLatin1String("duplicate_void"))
        return Error::invalid(QStringLiteral("review"), tr("Only a dose voided twice can be corrected this way."));
    // Every return of the dose to stock, less the ones already taken out again: more than one is extra.
    QList<StockMovement> returns;
    QSet<QString> undone;
    for (const StockMovement& m : m_store.stock().movementsFor(item->recordId)) {
        if (m.kind == MovementKind::Reversal && m.doses > 0)
            returns << m;
        else if (m.kind == MovementKind::Reversal && !m.reversesId.isEmpty())
            undone.insert(m.reversesId);
    }
    returns.erase(std::remove_if(returns.begin(), returns.end(), [&](const StockMovement& m) { return undone.contains(m.stamp.id); }),
        returns.end());
    if (returns.size() < 2) {
        return Error(ErrorCode::Conflict,
            tr("The dose went back to stock only once here: nothing to take out. Settle the item, or sync first."));
    }
    const StockMovement extra = returns.last();
    if (extra.stamp.siteId != m_store.identity().siteId)
        return Error(ErrorCode::Forbidden, tr("The extra return was recorded at another site: that site takes it out."));
    return m_store.write(session.userId(), [&](RecordWriter& w) -> Result<void> {
        StockMovement back;
        back.holderId = extra.holderId;
        back.lotId = extra.lotId;
        back.kind = MovementKind::Reversal;
        back.doses = -extra.doses;
        back.reversesId = extra.stamp.id;
        back.refId = item->recordId;
        back.reason = tr("the dose was voided twice and came back to stock twice");
        back.occurredAt = m_clock.now();
        if (auto r = w.add(Entity::StockMovement, back); !r.ok())
            return r.error();
        return settle(w, *item, tr("dose voided twice: the extra dose taken out of stock again"));
    });
}

} // namespace vax
