#include "agent/process/ChildEnvironment.h"

#include <QtTest>

using hsu::agent::ChildEnvironment;

class TestChildEnvironment : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void ownVariablesReplaceTheBase()
    {
        QProcessEnvironment base;
        base.insert(QStringLiteral("A"), QStringLiteral("1"));
        base.insert(QStringLiteral("B"), QStringLiteral("2"));
        base.insert(QStringLiteral("AB"), QStringLiteral("3")); // a longer name with the same start
        ChildEnvironment env = ChildEnvironment::of(base);
        env.set(QStringLiteral("A"), QStringLiteral("one"));
        env.set(QStringLiteral("C"), QStringLiteral("x=y"));
        env.set(QStringLiteral("C"), QStringLiteral("z")); // set again: replaced, not added
        const QList<QByteArray> entries = env.entries();
        QCOMPARE(entries.size(), 4);
        QVERIFY(entries.contains("AB=3"));
        QVERIFY(entries.contains("B=2"));
        QCOMPARE(entries.count("A=one"), 1);
        QVERIFY(!entries.contains("A=1"));
        QCOMPARE(entries.last(), QByteArray("C=z"));
        QCOMPARE(env.value(QStringLiteral("A")), QStringLiteral("one"));
        QCOMPARE(env.value(QStringLiteral("AB")), QStringLiteral("3"));
        QVERIFY(!env.value(QStringLiteral("D")));
    }

    void pointersMatchEntries()
    {
        ChildEnvironment env = ChildEnvironment::ofThisProcess();
        env.set(QStringLiteral("HSU_WORKER_ID"), QStringLiteral("w1"));
        std::vector<char *> p;
        env.pointers(p);
        QVERIFY(!p.empty());
        QCOMPARE(p.back(), nullptr);
        QList<QByteArray> fromPointers;
        for (char *e : p)
            if (e)
                fromPointers.append(QByteArray(e));
        QCOMPARE(fromPointers, env.entries());
        QVERIFY(fromPointers.contains("HSU_WORKER_ID=w1"));
        QCOMPARE(fromPointers.size(), QProcessEnvironment::systemEnvironment().keys().size()
                                          + (qEnvironmentVariableIsSet("HSU_WORKER_ID") ? 0 : 1));
    }

    // Copies share the encoded base: a thousand workers hold one copy of the agent's environment.
    void copiesShareTheBase()
    {
        const ChildEnvironment base = ChildEnvironment::ofThisProcess();
        ChildEnvironment a = base;
        ChildEnvironment b = base;
        a.set(QStringLiteral("X"), QStringLiteral("a"));
        b.set(QStringLiteral("X"), QStringLiteral("b"));
        std::vector<char *> pa, pb;
        a.pointers(pa);
        b.pointers(pb);
        QVERIFY(pa.size() > 2);
        QCOMPARE(pa.front(), pb.front()); // the very same bytes
        QCOMPARE(a.value(QStringLiteral("X")), QStringLiteral("a"));
        QCOMPARE(b.value(QStringLiteral("X")), QStringLiteral("b"));
    }
};

QTEST_GUILESS_MAIN(TestChildEnvironment)
#include "tst_childenvironment.moc"
