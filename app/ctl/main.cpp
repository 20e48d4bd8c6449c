#include "app/ctl/Ctl.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("hsuctl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(HSU_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    return hsu::ctl::run(QCoreApplication::arguments(), out, err);
}
