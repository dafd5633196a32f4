#pragma once

#include <QString>

class QAbstractItemView;

namespace vax {

// A line of grey text in the middle of a list while its model has no rows ("Central has
// refused nothing from this laptop."), so an empty list reads as empty rather than broken. The
// label (emptyHintLabel, on the view's viewport) follows the model's rows.
void showWhenEmpty(QAbstractItemView* view, const QString& text);

} // namespace vax
