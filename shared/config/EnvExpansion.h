#pragma once

// ${VAR} and ${VAR:-default} in config strings, expanded when the file loads (CONFIG.md "Values").
// "$$" stands for one literal "$" (as in Docker Compose), so any text can be written back.

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QStringView>

namespace hsu::config {

struct EnvExpansionResult
{
    QString text;
    QStringList undefined; // ${VAR} without a default whose VAR is not set, in order of appearance
    QString syntaxError;   // e.g. an unterminated "${"; empty when the syntax is fine
    bool ok() const { return undefined.isEmpty() && syntaxError.isEmpty(); }
};

// ${VAR:-default} takes the default when VAR is unset or empty (the shell's rule). A lone "$" not
// followed by "{" or "$" stays as it is. Defaults are literal: no nesting.
EnvExpansionResult expandEnvironment(QStringView text, const QProcessEnvironment &env);

// The inverse for the writer: every "$" doubled, so expandEnvironment gives `text` back unchanged.
QString escapeForExpansion(QStringView text);

} // namespace hsu::config
