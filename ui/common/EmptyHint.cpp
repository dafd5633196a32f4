#include "EmptyHint.h"

#include <QAbstractItemModel>
#include <QAbstractItemView>
#include <QLabel>
#include <QVBoxLayout>

namespace vax {

void showWhenEmpty(QAbstractItemView* view, const QString& text)
{
    auto* hint = new QLabel(text, view->viewport());
    hint->setObjectName(QStringLiteral("emptyHintLabel"));
    hint->setAlignment(Qt::AlignCenter);
    hint->setWordWrap(true);
    hint->setAttribute(Qt::WA_TransparentForMouseEvents);
    hint->setStyleSheet(QStringLiteral("color: gray;"));  // (a palette colour loses to the app's style sheet)
    auto* layout = new QVBoxLayout(view->viewport());
    layout->addWidget(hint);

    // Connected with the label as context: gone with it.
    QAbstractItemModel* model = view->model();
    auto follow = [hint, model] { hint->setVisible(model->rowCount() == 0); };
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        QObject::connect(model, signal, hint, follow);
    QObject::connect(model, &QAbstractItemModel::modelReset, hint, follow);
    QObject::connect(model, &QAbstractItemModel::layoutChanged, hint, follow);
    follow();
}

} // namespace vax
