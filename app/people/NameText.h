#pragma once

#include <QString>
#include <QStringList>

// Vietnamese names and search keys: how a typed name is stored, and how it is found again
// whatever the diacritics, the case or the Unicode form it was typed in.
namespace vax::NameText {

// NFC, trimmed, whitespace runs collapsed to one space; a name typed entirely in lower or
// upper case is title-cased word by word ("NGUYỄN VĂN ĐỨC" → "Nguyễn Văn Đức"); mixed case is
// kept as typed. "Ð"/"ð" (Icelandic eth, often typed for Đ/đ) become Đ/đ.
QString normalize(const QString& raw);

// Search key: diacritics dropped, đ/Đ/Ð → d, lower case, anything but letters and digits → one
// space, trimmed: "Nguyễn  Văn Đức" → "nguyen van duc". Precomposed and decomposed input fold
// equally.
QString fold(const QString& text);

// fold() split on spaces, without empty parts.
QStringList tokens(const QString& text);

} // namespace vax::NameText
