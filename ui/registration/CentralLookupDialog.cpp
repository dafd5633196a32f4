#include "CentralLookupDialog.h"

#include "sync/SyncController.h"
#include "ui/common/ListTable.h"
#include "ui/registration/CentralPersonModel.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace vax {

CentralLookupDialog::CentralLookupDialog(sync::SyncController& sync, const QString& text, QWidget* parent)
    : QDialog(parent)
    , m_sync(sync)
{
    setObjectName(QStringLiteral("centralLookupDialog"));
    setWindowTitle(tr("Find a person on central"));
    resize(820, 420);
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("People registered at any site. Search by CCCD, CMND, passport, phone or name (needs internet)."), this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto* row = new QHBoxLayout;
    m_text = new QLineEdit(text, this);
    m_text->setObjectName(QStringLiteral("centralSearchLineEdit"));
    m_searchButton = new QPushButton(tr("Search"), this);
    m_searchButton->setObjectName(QStringLiteral("centralSearchPushButton"));
    row->addWidget(m_text, 1);
    row->addWidget(m_searchButton);
    layout->addLayout(row);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("centralMessageLabel"));
    m_message->setWordWrap(true);
    layout->addWidget(m_message);
    m_model = new CentralPersonModel(this);
    m_table = newListTable(this, QStringLiteral("centralResultsTableView"), m_model);
    m_table->horizontalHeader()->setSectionResizeMode(CentralPersonModel::NameColumn, QHeaderView::Stretch);
    layout->addWidget(m_table, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_attachButton = buttons->addButton(tr("Bring here"), QDialogButtonBox::ActionRole);
    m_attachButton->setObjectName(QStringLiteral("attachPushButton"));
    m_attachButton->setEnabled(false);
    layout->addWidget(buttons);

    connect(m_searchButton, &QPushButton::clicked, this, &CentralLookupDialog::search);
    connect(m_text, &QLineEdit::returnPressed, this, &CentralLookupDialog::search);
    connect(m_attachButton, &QPushButton::clicked, this, &CentralLookupDialog::attachSelected);
    connect(m_table, &QTableView::activated, this, &CentralLookupDialog::attachSelected);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this] { m_attachButton->setEnabled(m_table->currentIndex().isValid()); });
    if (!text.trimmed().isEmpty())
        search();
}

void CentralLookupDialog::setBusy(bool busy, const QString& message)
{
    m_searchButton->setEnabled(!busy);
    m_attachButton->setEnabled(!busy && m_table->currentIndex().isValid());
    m_message->setText(message);
}

void CentralLookupDialog::search()
{
    setBusy(true, tr("Asking central…"));
    QPointer<CentralLookupDialog> self(this);
    m_sync.lookup(m_text->text(), [self](Result<QList<sync::CentralPerson>> r) {
        if (!self)
            return;
        if (!r.ok()) {
            self->setBusy(false, r.error().message());
            return;
        }
        self->m_model->setItems(r.value());
        self->setBusy(false, r->isEmpty() ? tr("Central knows nobody like this: register the person here.")
                                          : tr("%n found. Pick one and press Enter to bring them here with their doses.", nullptr,
                                                int(r->size())));
        if (!r->isEmpty()) {
            self->m_table->setFocus();
            self->m_table->selectRow(0);
        }
    });
}

void CentralLookupDialog::attachSelected()
{
    const sync::CentralPerson* person = m_model->itemAt(m_table->currentIndex().row());
    if (!person)
        return;
    const QString id = person->id;
    setBusy(true, tr("Bringing %1 here…").arg(person->fullName));
    QPointer<CentralLookupDialog> self(this);
    m_sync.attach(id, [self, id](Result<ApplyReport> r) {
        if (!self)
            return;
        if (!r.ok()) {
            self->setBusy(false, r.error().message());
            return;
        }
        emit self->attached(id);
        self->accept();
    });
}

} // namespace vax
