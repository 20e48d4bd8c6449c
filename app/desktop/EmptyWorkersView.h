#pragma once

// What the worker table's place shows while the agent answers and runs no worker at all (a
// first start on the empty config): a short invitation and a button to add the first program,
// instead of an empty grid that looks broken.

#include <QWidget>

class QPushButton;

namespace hsu::desktop {

class EmptyWorkersView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EmptyWorkersView)

public:
    explicit EmptyWorkersView(QWidget *parent = nullptr);

    QPushButton *addButton() const { return m_add; }

Q_SIGNALS:
    void addRequested();

private:
    QPushButton *m_add = nullptr;
};

} // namespace hsu::desktop
