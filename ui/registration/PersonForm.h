#pragma once

#include "app/people/Person.h"
#include "ui/common/FieldErrors.h"

#include <QDate>
#include <QWidget>

#include <memory>

class QComboBox;

namespace Ui {
class PersonForm;
}

namespace vax {

class AdminUnits;

// The registration form of one person, new or registered: typed text, no checks of its own
// (the service checks and names the fields; showErrors() puts each message under its input).
// The province, district and ward lists follow the administrative units in force: no districts
// from 1 July 2025, unless the person's address is from before. Combo boxes find an item by
// typing its name without diacritics ("ba dinh" finds Ba Đình).
class PersonForm final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PersonForm)

public:
    explicit PersonForm(const AdminUnits& units, QWidget* parent = nullptr);
    ~PersonForm() override;

    // An empty form for a new person, pre-filled with what is known (a scanned chip-ID card).
    void startNew(const QDate& today, const PersonDraft& draft = {}, const QString& title = {});
    // The form filled with a registered person's details.
    void startEdit(const QDate& today, const Person& person);

    bool isNew() const { return m_personId.isEmpty(); }
    const QString& personId() const { return m_personId; }
    // What is on the form; fields the form does not show (ethnicity, nationality, insurance)
    // keep the person's values.
    PersonDraft draft() const;
    // Whether anything was changed since the form was started.
    bool isModified() const;

    // Every message under its field, the first bad input focused.
    void showErrors(const Error& error);
    void clearErrors();
    QString errorShown(const QString& field) const { return m_errors.messageShown(field); }
    // Focus on the first field a nurse still has to fill (the name for an empty form).
    void focusFirstToFill();

signals:
    void saveRequested();
    void cancelRequested();

private:
    void setDraft(const PersonDraft& draft);
    void setEra(const QDate& era);
    void fillProvinces();
    void fillDistricts();
    void fillWards();
    // Selects the unit of that code; a code not in the list (no longer in force) is added so
    // saving names the problem instead of silently dropping it.
    void selectUnit(QComboBox* combo, const QString& code, int level);
    void focusInput(QWidget* input);

    const AdminUnits& m_units;
    const std::unique_ptr<Ui::PersonForm> m_ui;
    FieldErrors m_errors;
    PersonDraft m_base;
    PersonDraft m_initial;  // what the form showed when started
    QString m_personId;
    QDate m_era;
    bool m_hasDistricts = false;
};

} // namespace vax
