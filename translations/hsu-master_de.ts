<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>hsu-master</name>
    <message>
        <source>HSU Master: the window and tray icon of the hsu-agent process supervisor.</source>
        <translation>HSU Master: Fenster und Symbol in der Systemleiste für den Prozessverwalter hsu-agent.</translation>
    </message>
    <message>
        <source>Config file the agent runs when started from here.</source>
        <translation>Konfigurationsdatei, die der Agent ausführt, wenn er von hier aus gestartet wird.</translation>
    </message>
    <message>
        <source>The agent&apos;s socket (default: $HSU_SOCKET, else the per-user default).</source>
        <translation>Socket des Agenten (Standard: $HSU_SOCKET, sonst der des Benutzers).</translation>
    </message>
    <message>
        <source>Start hsu-agent if none answers.</source>
        <translation>hsu-agent starten, wenn keiner antwortet.</translation>
    </message>
    <message>
        <source>Start in the tray, without showing the window.</source>
        <translation>In der Systemleiste starten, ohne das Fenster anzuzeigen.</translation>
    </message>
    <message>
        <source>Show the demo: a few sample workers on an agent of their own, apart from yours (started when none answers).</source>
        <translation>Die Demo zeigen: einige Beispiel-Worker auf einem eigenen Agenten, getrennt von Ihrem (gestartet, wenn keiner antwortet).</translation>
    </message>
    <message>
        <source>system (the desktop&apos;s style and colours), light or dark (Fusion with a light or dark palette). Default: $HSU_APPEARANCE, else the setting.</source>
        <translation>system (Stil und Farben der Arbeitsumgebung), light oder dark (Fusion mit heller oder dunkler Palette). Standard: $HSU_APPEARANCE, sonst die Einstellung.</translation>
    </message>
    <message>
        <source>unexpected argument: %1
</source>
        <translation>unerwartetes Argument: %1
</translation>
    </message>
    <message>
        <source>--appearance: expected system, light or dark, not &quot;%1&quot;
</source>
        <translation>--appearance: erwartet system, light oder dark, nicht „%1“
</translation>
    </message>
    <message>
        <source>--demo runs the demo config; it takes no --config
</source>
        <translation>--demo führt die Demo-Konfiguration aus; --config ist damit nicht möglich
</translation>
    </message>
    <message>
        <source>--demo: the demo config (demo.yaml) is not installed here
</source>
        <translation>--demo: die Demo-Konfiguration (demo.yaml) ist hier nicht installiert
</translation>
    </message>
    <message>
        <source>The window&apos;s language: system (the desktop&apos;s), en, de or fr. Default: $HSU_LANGUAGE, else the setting.</source>
        <translation>Sprache des Fensters: system (die der Arbeitsumgebung), en, de oder fr. Standard: $HSU_LANGUAGE, sonst die Einstellung.</translation>
    </message>
    <message>
        <source>--language: expected system, en, de or fr, not &quot;%1&quot;
</source>
        <translation>--language: erwartet system, en, de oder fr, nicht „%1“
</translation>
    </message>
</context>
<context>
    <name>hsu::autostart::Autostart</name>
    <message>
        <source>cannot create the folder %1</source>
        <translation>der Ordner %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>cannot remove %1: %2</source>
        <translation>%1 kann nicht entfernt werden: %2</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>%1 kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>%1 cannot be read, so it starts nothing</source>
        <translation>%1 kann nicht gelesen werden und startet daher nichts</translation>
    </message>
    <message>
        <source>%1 is turned off (Disabled)</source>
        <translation>%1 ist ausgeschaltet (Disabled)</translation>
    </message>
    <message>
        <source>%1 starts it at login</source>
        <translation>%1 startet ihn bei der Anmeldung</translation>
    </message>
    <message>
        <source>no launch agent: %1 does not exist</source>
        <translation>kein Launch Agent: %1 existiert nicht</translation>
    </message>
    <message>
        <source>%1 starts it for every user; only an administrator can remove it</source>
        <translation>%1 startet ihn für alle Benutzer; nur ein Administrator kann das entfernen</translation>
    </message>
    <message>
        <source>the Run value %1 starts it at login</source>
        <translation>der Run-Wert %1 startet ihn bei der Anmeldung</translation>
    </message>
    <message>
        <source>the Run value %1 starts it for every user</source>
        <translation>der Run-Wert %1 startet ihn für alle Benutzer</translation>
    </message>
    <message>
        <source>no Run value %1</source>
        <translation>kein Run-Wert %1</translation>
    </message>
    <message>
        <source>cannot change %1</source>
        <translation>%1 kann nicht geändert werden</translation>
    </message>
    <message>
        <source>your entry %1 cannot be read, so it starts nothing</source>
        <translation>Ihr Eintrag %1 kann nicht gelesen werden und startet daher nichts</translation>
    </message>
    <message>
        <source>your entry %1 starts it at login</source>
        <translation>Ihr Eintrag %1 startet ihn bei der Anmeldung</translation>
    </message>
    <message>
        <source>your entry %1 starts it at login (in place of the system-wide %2)</source>
        <translation>Ihr Eintrag %1 startet ihn bei der Anmeldung (anstelle des systemweiten %2)</translation>
    </message>
    <message>
        <source>your entry %1 turns it off (%2)</source>
        <translation>Ihr Eintrag %1 schaltet ihn aus (%2)</translation>
    </message>
    <message>
        <source>your entry %1 turns the system-wide %2 off for you (%3)</source>
        <translation>Ihr Eintrag %1 schaltet den systemweiten %2 für Sie aus (%3)</translation>
    </message>
    <message>
        <source>the system-wide entry %1 starts it for every user</source>
        <translation>der systemweite Eintrag %1 startet ihn für alle Benutzer</translation>
    </message>
    <message>
        <source>the system-wide entry %1 is turned off (%2)</source>
        <translation>der systemweite Eintrag %1 ist ausgeschaltet (%2)</translation>
    </message>
    <message>
        <source>no autostart entry: neither %1 nor %2 exists</source>
        <translation>kein Autostart-Eintrag: weder %1 noch %2 existiert</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::AgentConnection</name>
    <message>
        <source>the agent closed the connection</source>
        <translation>der Agent hat die Verbindung geschlossen</translation>
    </message>
    <message>
        <source>The agent was started again (pid %1)</source>
        <translation>Der Agent wurde neu gestartet (PID %1)</translation>
    </message>
    <message>
        <source>Could not list the workers: %1</source>
        <translation>Die Worker konnten nicht aufgelistet werden: %1</translation>
    </message>
    <message>
        <source>The agent stopped unexpectedly; starting it again in %1 s</source>
        <translation>Der Agent wurde unerwartet beendet; Neustart in %1 s</translation>
    </message>
    <message>
        <source>config refused</source>
        <translation>Konfiguration abgelehnt</translation>
    </message>
    <message>
        <source>nothing changed: %1</source>
        <translation>nichts geändert: %1</translation>
    </message>
    <message>
        <source>The config has errors; nothing changed: %1</source>
        <translation>Die Konfiguration enthält Fehler; nichts wurde geändert: %1</translation>
    </message>
    <message>
        <source>config reloaded</source>
        <translation>Konfiguration neu geladen</translation>
    </message>
    <message>
        <source>%1 (%2, %3 ms)</source>
        <translation>%1 (%2, %3 ms)</translation>
    </message>
    <message>
        <source>Config reloaded: %1</source>
        <translation>Konfiguration neu geladen: %1</translation>
    </message>
    <message>
        <source>health: %1</source>
        <translation>Gesundheit: %1</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Neu starten</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>%1 %2: %3</source>
        <translation>%1 %2: %3</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 refused: %2</source>
        <translation>%1 abgelehnt: %2</translation>
    </message>
    <message>
        <source>%1 all: %2</source>
        <translation>%1 (alle): %2</translation>
    </message>
    <message>
        <source>Sent %1 to %2</source>
        <translation>%1 an %2 gesendet</translation>
    </message>
    <message>
        <source>%1 not sent to %2: %3</source>
        <translation>%1 nicht an %2 gesendet: %3</translation>
    </message>
    <message>
        <source>the agent&apos;s answer is not a health report</source>
        <translation>die Antwort des Agenten ist kein Gesundheitsbericht</translation>
    </message>
    <message>
        <source>An agent is already answering on %1</source>
        <translation>Auf %1 antwortet bereits ein Agent</translation>
    </message>
    <message>
        <source>Could not start the agent: %1</source>
        <translation>Der Agent konnte nicht gestartet werden: %1</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::ConnectionBanner</name>
    <message>
        <source>Start agent</source>
        <translation>Agent starten</translation>
    </message>
    <message>
        <source>Connecting to the agent at %1…</source>
        <translation>Verbindung zum Agenten unter %1 wird hergestellt …</translation>
    </message>
    <message>
        <source>No agent answers at %1. Workers are run by hsu-agent; start it to see and control them.</source>
        <translation>Unter %1 antwortet kein Agent. Die Worker werden von hsu-agent ausgeführt; starten Sie ihn, um sie zu sehen und zu steuern.</translation>
    </message>
    <message>
        <source>Lost the agent — reconnecting… The workers keep running on their own.</source>
        <translation>Verbindung zum Agenten verloren – erneuter Versuch … Die Worker laufen selbstständig weiter.</translation>
    </message>
    <message>
        <source>Starting the agent…</source>
        <translation>Agent wird gestartet …</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::DetailPane</name>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>Zustand:</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Grund:</translation>
    </message>
    <message>
        <source>PID:</source>
        <translation>PID:</translation>
    </message>
    <message>
        <source>Started:</source>
        <translation>Gestartet:</translation>
    </message>
    <message>
        <source>Uptime:</source>
        <translation>Laufzeit:</translation>
    </message>
    <message>
        <source>Restarts:</source>
        <translation>Neustarts:</translation>
    </message>
    <message>
        <source>Last exit:</source>
        <translation>Letztes Ende:</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>Art:</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <source>Command:</source>
        <translation>Befehl:</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>Ordner:</translation>
    </message>
    <message>
        <source>Environment:</source>
        <translation>Umgebung:</translation>
    </message>
    <message>
        <source>Restart:</source>
        <translation>Neustart:</translation>
    </message>
    <message>
        <source>Stop:</source>
        <translation>Stoppen:</translation>
    </message>
    <message>
        <source>Depends on:</source>
        <translation>Hängt ab von:</translation>
    </message>
    <message>
        <source>Output:</source>
        <translation>Ausgabe:</translation>
    </message>
    <message>
        <source>This agent does not report command, environment or restart policy.</source>
        <translation>Dieser Agent meldet weder Befehl noch Umgebung noch Neustartregel.</translation>
    </message>
    <message>
        <source>State history</source>
        <translation>Zustandsverlauf</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>Select a worker to see its details</source>
        <translation>Wählen Sie einen Worker aus, um seine Details zu sehen</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1 (re-adopted: started by an earlier agent; its exit status will not be known)</source>
        <translation>%1 (wieder übernommen: von einem früheren Agenten gestartet; sein Exit-Status wird nicht bekannt sein)</translation>
    </message>
    <message>
        <source>%1 (attempt %2)</source>
        <translation>%1 (Versuch %2)</translation>
    </message>
    <message>
        <source>unmanaged — %1</source>
        <translation>nicht verwaltet — %1</translation>
    </message>
    <message>
        <source>(inherited only)</source>
        <translation>(nur geerbt)</translation>
    </message>
    <message>
        <source>, up to %1 retries, delay %2 × %3</source>
        <translation>, bis zu %1 Wiederholungen, Verzögerung %2 × %3</translation>
    </message>
    <message>
        <source>SIGTERM, then SIGKILL after %1</source>
        <translation>SIGTERM, nach %1 dann SIGKILL</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>nichts</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::EmptyWorkersView</name>
    <message>
        <source>Add your first program…</source>
        <translation>Erstes Programm hinzufügen …</translation>
    </message>
    <message>
        <source>No programs yet</source>
        <translation>Noch keine Programme</translation>
    </message>
    <message>
        <source>Add a program and HSU Master starts it, keeps it running and restarts it when it stops.</source>
        <translation>Fügen Sie ein Programm hinzu: HSU Master startet es, hält es am Laufen und startet es neu, wenn es endet.</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::EventsModel</name>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>→ %1</source>
        <translation>→ %1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>Worker</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::EventsView</name>
    <message>
        <source>Filter events (worker, state, reason)</source>
        <translation>Ereignisse filtern (Worker, Zustand, Grund)</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>%1 events</source>
        <translation>%1 Ereignisse</translation>
    </message>
    <message>
        <source> (oldest dropped)</source>
        <translation> (älteste verworfen)</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::HealthPanel</name>
    <message>
        <source>passed</source>
        <translation>bestanden</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Gesundheit</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Antwortzeit</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Not known: %1</source>
        <translation>Nicht bekannt: %1</translation>
    </message>
    <message>
        <source>No health check: the agent only knows whether the process runs.</source>
        <translation>Keine Gesundheitsprüfung: Der Agent weiß nur, ob der Prozess läuft.</translation>
    </message>
    <message>
        <source>unhealthy at the first failure</source>
        <translation>ungesund beim ersten Fehlschlag</translation>
    </message>
    <message>
        <source>unhealthy after %1 failures in a row</source>
        <translation>ungesund nach %1 Fehlschlägen in Folge</translation>
    </message>
    <message>
        <source>%1 %2 · every %3, timeout %4, %5 · %6 checks, %7 failed</source>
        <translation>%1 %2 · alle %3, Zeitlimit %4, %5 · %6 Prüfungen, %7 fehlgeschlagen</translation>
    </message>
    <message>
        <source> (disabled)</source>
        <translation> (deaktiviert)</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::LogFeed</name>
    <message>
        <source>1 line dropped for %1: %2</source>
        <translation>1 Zeile für %1 verworfen: %2</translation>
    </message>
    <message>
        <source>%1 lines dropped for %2: %3</source>
        <translation>%1 Zeilen für %2 verworfen: %3</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::LogModel</name>
    <message>
        <source>── new process, pid %1 ──</source>
        <translation>── neuer Prozess, PID %1 ──</translation>
    </message>
    <message>
        <source>── new process ──</source>
        <translation>── neuer Prozess ──</translation>
    </message>
    <message>
        <source>err</source>
        <translation>err</translation>
    </message>
    <message>
        <source>out</source>
        <translation>out</translation>
    </message>
    <message>
        <source>notice</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <source>a new process</source>
        <translation>ein neuer Prozess</translation>
    </message>
    <message>
        <source>The lines below come from a new process of %1, started %2</source>
        <translation>Die folgenden Zeilen stammen von einem neuen Prozess von %1, gestartet %2</translation>
    </message>
    <message>
        <source>Cut at 64 KiB: the line goes on in the next row</source>
        <translation>Bei 64 KiB abgeschnitten: Die Zeile geht in der nächsten Reihe weiter</translation>
    </message>
    <message>
        <source>Not UTF-8: invalid bytes shown as �</source>
        <translation>Kein UTF-8: ungültige Bytes werden als � angezeigt</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>Worker</translation>
    </message>
    <message>
        <source>Stream</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>1 line skipped: the agent sent it faster than this window took it</source>
        <translation>1 Zeile übersprungen: Der Agent hat sie schneller gesendet, als dieses Fenster sie annehmen konnte</translation>
    </message>
    <message>
        <source>%1 lines skipped: the agent sent them faster than this window took them</source>
        <translation>%1 Zeilen übersprungen: Der Agent hat sie schneller gesendet, als dieses Fenster sie annehmen konnte</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::LogStream</name>
    <message>
        <source>The agent was restarted: output continues from its new start</source>
        <translation>Der Agent wurde neu gestartet: Die Ausgabe geht ab seinem Neustart weiter</translation>
    </message>
    <message>
        <source>This agent does not provide worker output (update hsu-agent)</source>
        <translation>Dieser Agent liefert keine Ausgabe der Worker (aktualisieren Sie hsu-agent)</translation>
    </message>
    <message>
        <source>Could not read the output: %1</source>
        <translation>Die Ausgabe konnte nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::LogView</name>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Search the output</source>
        <translation>Ausgabe durchsuchen</translation>
    </message>
    <message>
        <source>.*</source>
        <translation>.*</translation>
    </message>
    <message>
        <source>Search with a regular expression (any case)</source>
        <translation>Mit regulärem Ausdruck suchen (ohne Beachtung der Groß-/Kleinschreibung)</translation>
    </message>
    <message>
        <source>stdout + stderr</source>
        <translation>stdout + stderr</translation>
    </message>
    <message>
        <source>stdout</source>
        <translation>stdout</translation>
    </message>
    <message>
        <source>stderr</source>
        <translation>stderr</translation>
    </message>
    <message>
        <source>All workers</source>
        <translation>Alle Worker</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>Folgen</translation>
    </message>
    <message>
        <source>Keep the newest line in view</source>
        <translation>Die neueste Zeile im Blick behalten</translation>
    </message>
    <message>
        <source>Copy the selected lines, or all shown lines when none is selected (Ctrl+C)</source>
        <translation>Die ausgewählten Zeilen kopieren, oder alle angezeigten, wenn keine ausgewählt ist (Strg+C)</translation>
    </message>
    <message>
        <source>Clear view</source>
        <translation>Ansicht leeren</translation>
    </message>
    <message>
        <source>Empty this view; the worker&apos;s output and files are untouched</source>
        <translation>Diese Ansicht leeren; Ausgabe und Dateien des Workers bleiben unberührt</translation>
    </message>
    <message>
        <source>Open log file</source>
        <translation>Protokolldatei öffnen</translation>
    </message>
    <message>
        <source>Follow again</source>
        <translation>Wieder folgen</translation>
    </message>
    <message>
        <source>Paused — 1 new line</source>
        <translation>Pausiert — 1 neue Zeile</translation>
    </message>
    <message>
        <source>Paused — %1 new lines</source>
        <translation>Pausiert — %1 neue Zeilen</translation>
    </message>
    <message>
        <source>%1 shown · %2 buffered</source>
        <translation>%1 angezeigt · %2 gepuffert</translation>
    </message>
    <message>
        <source> · %1 skipped</source>
        <translation> · %1 übersprungen</translation>
    </message>
    <message>
        <source>Shown: lines passing the filters. Buffered: lines kept in this view (at most %1; the oldest leave first). Skipped: lines the agent did not send because this window fell behind.</source>
        <translation>Angezeigt: Zeilen, die die Filter passieren. Gepuffert: Zeilen, die diese Ansicht behält (höchstens %1; die ältesten gehen zuerst). Übersprungen: Zeilen, die der Agent nicht gesendet hat, weil dieses Fenster nicht hinterherkam.</translation>
    </message>
    <message>
        <source>This worker&apos;s output goes to no file (or the agent does not say)</source>
        <translation>Die Ausgabe dieses Workers geht in keine Datei (oder der Agent sagt es nicht)</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>%1 öffnen</translation>
    </message>
    <message>
        <source>stdout: %1</source>
        <translation>stdout: %1</translation>
    </message>
    <message>
        <source>stderr: %1</source>
        <translation>stderr: %1</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::MainWindow</name>
    <message>
        <source>HSU Master</source>
        <translation>HSU Master</translation>
    </message>
    <message>
        <source>Start all</source>
        <translation>Alle starten</translation>
    </message>
    <message>
        <source>Stop all</source>
        <translation>Alle stoppen</translation>
    </message>
    <message>
        <source>Stop all workers</source>
        <translation>Alle Worker stoppen</translation>
    </message>
    <message>
        <source>Stop every worker? They stay stopped until started again.</source>
        <translation>Alle Worker stoppen? Sie bleiben gestoppt, bis sie wieder gestartet werden.</translation>
    </message>
    <message>
        <source>Start &amp;agent</source>
        <translation>&amp;Agent starten</translation>
    </message>
    <message>
        <source>Start hsu-agent with %1</source>
        <translation>hsu-agent mit %1 starten</translation>
    </message>
    <message>
        <source>the default config</source>
        <translation>der Standardkonfiguration</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen …</translation>
    </message>
    <message>
        <source>Autostart of the agent at login</source>
        <translation>Automatischer Start des Agenten bei der Anmeldung</translation>
    </message>
    <message>
        <source>&amp;Edit config…</source>
        <translation>&amp;Konfiguration bearbeiten …</translation>
    </message>
    <message>
        <source>Edit the workers and the config file (Ctrl+E)</source>
        <translation>Die Worker und die Konfigurationsdatei bearbeiten (Strg+E)</translation>
    </message>
    <message>
        <source>&amp;Add worker…</source>
        <translation>Worker &amp;hinzufügen …</translation>
    </message>
    <message>
        <source>Add a program for HSU Master to run (Ctrl+Shift+N)</source>
        <translation>Ein Programm hinzufügen, das HSU Master ausführt (Strg+Umschalt+N)</translation>
    </message>
    <message>
        <source>Workers</source>
        <translation>Worker</translation>
    </message>
    <message>
        <source>Filter by id or name</source>
        <translation>ID oder Name</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>Alle Zustände</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>Zu beachten</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Starting / stopping</source>
        <translation>Startet / stoppt</translation>
    </message>
    <message>
        <source>Backoff</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Stopped / exited</source>
        <translation>Gestoppt / beendet</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>Da&amp;tei</translation>
    </message>
    <message>
        <source>&amp;Close window</source>
        <translation>Fenster &amp;schließen</translation>
    </message>
    <message>
        <source>&amp;Quit (workers keep running)</source>
        <translation>&amp;Beenden (Worker laufen weiter)</translation>
    </message>
    <message>
        <source>&amp;Workers</source>
        <translation>&amp;Worker</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Events</source>
        <translation>&amp;Ereignisse</translation>
    </message>
    <message>
        <source>&amp;Logs of all workers</source>
        <translation>&amp;Protokolle aller Worker</translation>
    </message>
    <message>
        <source>&amp;Details of the selected worker</source>
        <translation>&amp;Details des ausgewählten Workers</translation>
    </message>
    <message>
        <source>Logs of the selected &amp;worker</source>
        <translation>Pr&amp;otokolle des ausgewählten Workers</translation>
    </message>
    <message>
        <source>Resources of the selected w&amp;orker</source>
        <translation>&amp;Ressourcen des ausgewählten Workers</translation>
    </message>
    <message>
        <source>&amp;Filter workers</source>
        <translation>Worker &amp;filtern</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About HSU Master</source>
        <translation>&amp;Über HSU Master</translation>
    </message>
    <message>
        <source>About HSU Master</source>
        <translation>Über HSU Master</translation>
    </message>
    <message>
        <source>&lt;b&gt;HSU Master&lt;/b&gt; %1&lt;br&gt;A window onto hsu-agent, which runs your workers.&lt;br&gt;Agent: %2&lt;br&gt;Socket: %3</source>
        <translation>&lt;b&gt;HSU Master&lt;/b&gt; %1&lt;br&gt;Ein Fenster zu hsu-agent, der Ihre Worker ausführt.&lt;br&gt;Agent: %2&lt;br&gt;Socket: %3</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>nicht verbunden</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Protokolle</translation>
    </message>
    <message>
        <source>Resources</source>
        <translation>Ressourcen</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>All logs</source>
        <translation>Alle Protokolle</translation>
    </message>
    <message>
        <source>Select a worker to see its output</source>
        <translation>Wählen Sie einen Worker aus, um seine Ausgabe zu sehen</translation>
    </message>
    <message>
        <source>%1 is unmanaged: the agent did not start it, so its output cannot be captured</source>
        <translation>%1 ist nicht verwaltet: Der Agent hat ihn nicht gestartet, daher kann seine Ausgabe nicht erfasst werden</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Agent %1 · %2</source>
        <translation>Agent %1 · %2</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinden …</translation>
    </message>
    <message>
        <source>No agent</source>
        <translation>Kein Agent</translation>
    </message>
    <message>
        <source>Reconnecting… (attempt %1)</source>
        <translation>Erneutes Verbinden … (Versuch %1)</translation>
    </message>
    <message>
        <source>Starting the agent…</source>
        <translation>Agent wird gestartet …</translation>
    </message>
    <message>
        <source>⚠ %1</source>
        <translation>⚠ %1</translation>
    </message>
    <message>
        <source>Add worker…</source>
        <comment>toolbar</comment>
        <translation>Hinzufügen …</translation>
    </message>
    <message>
        <source>Edit config…</source>
        <comment>toolbar</comment>
        <translation>Konfiguration …</translation>
    </message>
    <message>
        <source>Settings…</source>
        <comment>toolbar</comment>
        <translation>Einstellungen …</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::ResourceChart</name>
    <message>
        <source>CPU (% of one core)</source>
        <translation>CPU (% eines Kerns)</translation>
    </message>
    <message>
        <source>cpu</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory (resident)</source>
        <translation>Speicher (resident)</translation>
    </message>
    <message>
        <source>rss</source>
        <translation>RSS</translation>
    </message>
    <message>
        <source>Storage I/O</source>
        <translation>Datenträger-E/A</translation>
    </message>
    <message>
        <source>read</source>
        <translation>lesen</translation>
    </message>
    <message>
        <source>write</source>
        <translation>schreiben</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>warning %1 % · %2</source>
        <translation>Warnung %1 % · %2</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::ResourceFeed</name>
    <message>
        <source>Not connected to the agent</source>
        <translation>Nicht mit dem Agenten verbunden</translation>
    </message>
    <message>
        <source>This agent does not report resources</source>
        <translation>Dieser Agent meldet keine Ressourcen</translation>
    </message>
    <message>
        <source>The agent&apos;s answer to %1 could not be read</source>
        <translation>Die Antwort des Agenten auf %1 konnte nicht gelesen werden</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::ResourceSnapshot</name>
    <message>
        <source>10 min</source>
        <translation>10 min</translation>
    </message>
    <message>
        <source>2 h</source>
        <translation>2 h</translation>
    </message>
    <message>
        <source>24 h</source>
        <translation>24 h</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>: %1</source>
        <translation>: %1</translation>
    </message>
    <message>
        <source>: %1 of %2</source>
        <translation>: %1 von %2</translation>
    </message>
    <message>
        <source> (%1)</source>
        <translation> (%1)</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::ResourceUnits</name>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::ResourcesPane</name>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>RSS</source>
        <translation>RSS</translation>
    </message>
    <message>
        <source>VMS</source>
        <translation>VMS</translation>
    </message>
    <message>
        <source>I/O</source>
        <translation>E/A</translation>
    </message>
    <message>
        <source>FDs</source>
        <translation>Dateideskriptoren</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>Threads</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>Prozesse</translation>
    </message>
    <message>
        <source>Span:</source>
        <translation>Zeitraum:</translation>
    </message>
    <message>
        <source>10 min: a point per sample; 2 h: 10-second averages; 24 h: 1-minute averages</source>
        <translation>10 min: ein Punkt je Messung; 2 h: Mittelwerte über 10 Sekunden; 24 h: Mittelwerte über 1 Minute</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>Grenze</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Enforced by</source>
        <translation>Durchgesetzt von</translation>
    </message>
    <message>
        <source>Select a worker to see its resources</source>
        <translation>Wählen Sie einen Worker aus, um seine Ressourcen zu sehen</translation>
    </message>
    <message>
        <source>No resource figures: %1</source>
        <translation>Keine Ressourcenwerte: %1</translation>
    </message>
    <message>
        <source>No samples yet: the worker has had no process in this span</source>
        <translation>Noch keine Messwerte: Der Worker hatte in diesem Zeitraum keinen Prozess</translation>
    </message>
    <message>
        <source>%1 (%2 of the machine)</source>
        <translation>%1 (%2 des Rechners)</translation>
    </message>
    <message>
        <source>read %1, write %2</source>
        <translation>lesen %1, schreiben %2</translation>
    </message>
    <message>
        <source>Pause: cgroup freezer</source>
        <translation>Anhalten: cgroup-Freezer</translation>
    </message>
    <message>
        <source>Pause: SIGSTOP to its process group</source>
        <translation>Anhalten: SIGSTOP an seine Prozessgruppe</translation>
    </message>
    <message>
        <source>No limits configured</source>
        <translation>Keine Grenzen konfiguriert</translation>
    </message>
    <message>
        <source>As configured: %1</source>
        <translation>Wie konfiguriert: %1</translation>
    </message>
    <message>
        <source>Enforced by the kernel: the worker cannot go past it</source>
        <translation>Vom Kernel durchgesetzt: Der Worker kann sie nicht überschreiten</translation>
    </message>
    <message>
        <source>Watched by the agent: it can go past it until the next sample, then the policy applies</source>
        <translation>Vom Agenten überwacht: Bis zur nächsten Messung kann er sie überschreiten, dann greift die Regel</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::SettingsDialog</name>
    <message>
        <source>Start the agent when I log in</source>
        <translation>Den Agenten bei meiner Anmeldung starten</translation>
    </message>
    <message>
        <source>Show the tray icon at login</source>
        <translation>Bei der Anmeldung das Symbol in der Systemleiste zeigen</translation>
    </message>
    <message>
        <source>HSU Master settings</source>
        <translation>Einstellungen von HSU Master</translation>
    </message>
    <message>
        <source>Autostart</source>
        <translation>Autostart</translation>
    </message>
    <message>
        <source>With the agent, start HSU Master in the tray, without its window</source>
        <translation>Mit dem Agenten HSU Master in der Systemleiste starten, ohne sein Fenster</translation>
    </message>
    <message>
        <source>The agent runs the workers; this window is only a view of it. Closing the window or quitting never stops a worker.</source>
        <translation>Der Agent führt die Worker aus; dieses Fenster ist nur eine Ansicht davon. Das Schließen des Fensters oder das Beenden stoppt niemals einen Worker.</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Socket:</source>
        <translation>Socket:</translation>
    </message>
    <message>
        <source>(default)</source>
        <translation>(Standard)</translation>
    </message>
    <message>
        <source>Config for “Start agent”:</source>
        <translation>Konfiguration für „Agent starten“:</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Erscheinungsbild</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>System: the desktop&apos;s style and colours. Light, Dark: the Fusion style with a light or dark palette.</source>
        <translation>System: Stil und Farben der Arbeitsumgebung. Hell, Dunkel: der Fusion-Stil mit heller oder dunkler Palette.</translation>
    </message>
    <message>
        <source>Colours:</source>
        <translation>Farben:</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Systemvorgabe</translation>
    </message>
    <message>
        <source>Takes effect the next time HSU Master starts.</source>
        <translation>Wirkt beim nächsten Start von HSU Master.</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <source>A new language takes effect the next time HSU Master starts.</source>
        <translation>Eine neue Sprache wirkt beim nächsten Start von HSU Master.</translation>
    </message>
    <message>
        <source>Autostart is not available in this build.</source>
        <translation>Autostart ist in diesem Build nicht verfügbar.</translation>
    </message>
    <message>
        <source>Could not change autostart: %1</source>
        <translation>Autostart konnte nicht geändert werden: %1</translation>
    </message>
    <message>
        <source>Entry: %1 (system-wide)</source>
        <translation>Eintrag: %1 (systemweit)</translation>
    </message>
    <message>
        <source>Entry: %1 (yours)</source>
        <translation>Eintrag: %1 (Ihr eigener)</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::TrayController</name>
    <message>
        <source>HSU Master: no agent answers</source>
        <translation>HSU Master: Kein Agent antwortet</translation>
    </message>
    <message>
        <source>HSU Master: all workers fine</source>
        <translation>HSU Master: Alle Worker in Ordnung</translation>
    </message>
    <message>
        <source>HSU Master: some workers starting or waiting to restart</source>
        <translation>HSU Master: Einige Worker starten oder warten auf einen Neustart</translation>
    </message>
    <message>
        <source>HSU Master: some workers failed or are in a crash loop (%1)</source>
        <translation>HSU Master: Einige Worker sind fehlgeschlagen oder in einer Absturzschleife (%1)</translation>
    </message>
    <message>
        <source>HSU Master: some workers failed or are unhealthy</source>
        <translation>HSU Master: Einige Worker sind fehlgeschlagen oder ungesund</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Neu starten</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1 — failed: gave up after a crash loop</source>
        <translation>%1 — fehlgeschlagen: nach einer Absturzschleife aufgegeben</translation>
    </message>
    <message>
        <source>%1 — %2, crash loop (%3 restarts in a minute)</source>
        <translation>%1 — %2, Absturzschleife (%3 Neustarts in einer Minute)</translation>
    </message>
    <message>
        <source>Open HSU Master</source>
        <translation>HSU Master öffnen</translation>
    </message>
    <message>
        <source>No agent answers</source>
        <translation>Kein Agent antwortet</translation>
    </message>
    <message>
        <source>No workers</source>
        <translation>Keine Worker</translation>
    </message>
    <message numerus="yes">
        <source>%n more in the window…</source>
        <translation>
            <numerusform>%n weiterer im Fenster …</numerusform>
            <numerusform>%n weitere im Fenster …</numerusform>
        </translation>
    </message>
    <message>
        <source>Start all</source>
        <translation>Alle starten</translation>
    </message>
    <message>
        <source>Stop all</source>
        <translation>Alle stoppen</translation>
    </message>
    <message>
        <source>Quit HSU Master (workers keep running)</source>
        <translation>HSU Master beenden (Worker laufen weiter)</translation>
    </message>
    <message>
        <source>Closes this window and the tray icon only; the agent and its workers keep running.</source>
        <translation>Schließt nur dieses Fenster und das Symbol in der Systemleiste; der Agent und seine Worker laufen weiter.</translation>
    </message>
    <message>
        <source>%1 is in a crash loop</source>
        <translation>%1 ist in einer Absturzschleife</translation>
    </message>
    <message>
        <source>%1 restarts in the last minute. Last exit: %2</source>
        <translation>%1 Neustarts in der letzten Minute. Letztes Ende: %2</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation>%1 ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>The worker failed.</source>
        <translation>Der Worker ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>%1: %2 limit acted on</source>
        <translation>%1: Grenze für %2 hat gegriffen</translation>
    </message>
    <message>
        <source>%1: %2 limit</source>
        <translation>%1: Grenze für %2</translation>
    </message>
    <message>
        <source>%1 is unhealthy</source>
        <translation>%1 ist ungesund</translation>
    </message>
    <message>
        <source>Its health check failed.</source>
        <translation>Seine Gesundheitsprüfung ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Open HSU Master for details.</source>
        <translation>Öffnen Sie HSU Master für Details.</translation>
    </message>
    <message>
        <source>and %1 more</source>
        <translation>und %1 weitere</translation>
    </message>
    <message>
        <source>%1 workers need attention</source>
        <translation>%1 Worker brauchen Aufmerksamkeit</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::WorkerActions</name>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>Start the selected workers (Ctrl+Enter)</source>
        <translation>Die ausgewählten Worker starten (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>S&amp;toppen</translation>
    </message>
    <message>
        <source>Stop the selected workers (Ctrl+.)</source>
        <translation>Die ausgewählten Worker stoppen (Strg+.)</translation>
    </message>
    <message>
        <source>&amp;Restart</source>
        <translation>&amp;Neu starten</translation>
    </message>
    <message>
        <source>Restart the selected workers (Ctrl+R)</source>
        <translation>Die ausgewählten Worker neu starten (Strg+R)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Anhalten</translation>
    </message>
    <message>
        <source>Freeze the selected workers: their processes stay, but get no CPU (Ctrl+P)</source>
        <translation>Die ausgewählten Worker einfrieren: Ihre Prozesse bleiben, bekommen aber keine CPU-Zeit (Strg+P)</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>Let the selected paused workers run again (Ctrl+Shift+P)</source>
        <translation>Die ausgewählten angehaltenen Worker weiterlaufen lassen (Strg+Umschalt+P)</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::WorkerPresentation</name>
    <message>
        <source>registered</source>
        <translation>registriert</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>startet</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>stopping</source>
        <translation>stoppt</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>gestoppt</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>restarting</source>
        <translation>startet neu</translation>
    </message>
    <message>
        <source>backoff</source>
        <translation>wartet</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>exited</source>
        <translation>beendet</translation>
    </message>
    <message>
        <source>healthy</source>
        <translation>gesund</translation>
    </message>
    <message>
        <source>degraded</source>
        <translation>eingeschränkt</translation>
    </message>
    <message>
        <source>unhealthy</source>
        <translation>ungesund</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>%1d %2h</source>
        <translation>%1 T %2 h</translation>
    </message>
    <message>
        <source>%1h %2m</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1m %2s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>signal %1</source>
        <translation>Signal %1</translation>
    </message>
    <message>
        <source>exit %1</source>
        <translation>Exit %1</translation>
    </message>
    <message numerus="yes">
        <source>%n workers, %1 running</source>
        <translation>
            <numerusform>%n Worker, %1 laufen</numerusform>
            <numerusform>%n Worker, %1 laufen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> · %n need attention</source>
        <translation>
            <numerusform> · %n braucht Aufmerksamkeit</numerusform>
            <numerusform> · %n brauchen Aufmerksamkeit</numerusform>
        </translation>
    </message>
    <message>
        <source>Unmanaged: a process the agent did not start. It is found, watched and sampled; its output is not captured.</source>
        <translation>Nicht verwaltet: ein Prozess, den der Agent nicht gestartet hat. Er wird gefunden, überwacht und gemessen; seine Ausgabe wird nicht erfasst.</translation>
    </message>
    <message>
        <source>It may not be stopped.</source>
        <translation>Er darf nicht gestoppt werden.</translation>
    </message>
    <message>
        <source>It may not be restarted.</source>
        <translation>Er darf nicht neu gestartet werden.</translation>
    </message>
    <message>
        <source>No signal may be sent to it.</source>
        <translation>Ihm darf kein Signal gesendet werden.</translation>
    </message>
    <message>
        <source>Signals it may be sent: %1.</source>
        <translation>Signale, die ihm gesendet werden dürfen: %1.</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::WorkerTableModel</name>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1 ↺</source>
        <translation>%1 ↺</translation>
    </message>
    <message>
        <source>id: %1
name: %2
type: %3</source>
        <translation>ID: %1
Name: %2
Art: %3</translation>
    </message>
    <message>
        <source>Re-adopted: started by an earlier agent and taken back by this one (after a crash, an upgrade or a restart of the agent). Its exit status will not be known.</source>
        <translation>Wieder übernommen: von einem früheren Agenten gestartet und von diesem zurückgenommen (nach einem Absturz, einer Aktualisierung oder einem Neustart des Agenten). Sein Exit-Status wird nicht bekannt sein.</translation>
    </message>
    <message>
        <source>No health check (or one this agent does not run)</source>
        <translation>Keine Gesundheitsprüfung (oder eine, die dieser Agent nicht ausführt)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source> (the check that said so took %1 ms)</source>
        <translation> (die Prüfung, die das ergab, dauerte %1 ms)</translation>
    </message>
    <message>
        <source>No sample from the agent yet</source>
        <translation>Noch kein Messwert vom Agenten</translation>
    </message>
    <message>
        <source>No process is running</source>
        <translation>Es läuft kein Prozess</translation>
    </message>
    <message>
        <source>%1 of one core (%2 of the machine)</source>
        <translation>%1 eines Kerns (%2 des Rechners)</translation>
    </message>
    <message>
        <source>resident %1, virtual %2</source>
        <translation>resident %1, virtuell %2</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>Worker</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <source>Restarts</source>
        <translation>Neustarts</translation>
    </message>
    <message>
        <source>Last exit</source>
        <translation>Letztes Ende</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Gesundheit</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::WorkerTableView</name>
    <message>
        <source>Send &amp;signal</source>
        <translation>&amp;Signal senden</translation>
    </message>
    <message numerus="yes">
        <source>Copy ID</source>
        <translation>
            <numerusform>ID kopieren</numerusform>
            <numerusform>IDs kopieren</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>hsu::desktop::editor::AddWorkerDialog</name>
    <message>
        <source>Add a program</source>
        <translation>Programm hinzufügen</translation>
    </message>
    <message>
        <source>HSU Master starts the program, keeps it running and keeps its output. Type the command as you would in a terminal, or choose the program file.</source>
        <translation>HSU Master startet das Programm, hält es am Laufen und bewahrt seine Ausgabe auf. Geben Sie den Befehl wie in einem Terminal ein oder wählen Sie die Programmdatei.</translation>
    </message>
    <message>
        <source>e.g. python3 -m http.server 8000</source>
        <translation>z. B. python3 -m http.server 8000</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen …</translation>
    </message>
    <message>
        <source>Choose the program</source>
        <translation>Programm wählen</translation>
    </message>
    <message>
        <source>&amp;Command:</source>
        <translation>&amp;Befehl:</translation>
    </message>
    <message>
        <source>&amp;Id:</source>
        <translation>&amp;ID:</translation>
    </message>
    <message>
        <source>Optional: shown instead of the id</source>
        <translation>Optional: wird anstelle der ID angezeigt</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Enter a command.</source>
        <translation>Geben Sie einen Befehl ein.</translation>
    </message>
    <message>
        <source>“%1” is not a program in PATH.</source>
        <translation>„%1“ ist kein Programm in PATH.</translation>
    </message>
    <message>
        <source>%1 is not an executable file here (it can still be added; the agent reports it when it starts).</source>
        <translation>%1 ist hier keine ausführbare Datei (sie kann trotzdem hinzugefügt werden; der Agent meldet es beim Start).</translation>
    </message>
    <message>
        <source>The id must start with a letter or digit and hold only letters, digits, &apos;.&apos;, &apos;-&apos; and &apos;_&apos;.</source>
        <translation>Die ID muss mit einem Buchstaben oder einer Ziffer beginnen und darf nur Buchstaben, Ziffern, &apos;.&apos;, &apos;-&apos; und &apos;_&apos; enthalten.</translation>
    </message>
    <message>
        <source>A worker “%1” exists already.</source>
        <translation>Ein Worker „%1“ existiert bereits.</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::editor::ConfigEditor</name>
    <message numerus="yes">
        <source>%n added</source>
        <translation>
            <numerusform>%n hinzugefügt</numerusform>
            <numerusform>%n hinzugefügt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n removed</source>
        <translation>
            <numerusform>%n entfernt</numerusform>
            <numerusform>%n entfernt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n restarted</source>
        <translation>
            <numerusform>%n neu gestartet</numerusform>
            <numerusform>%n neu gestartet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n changed without a restart</source>
        <translation>
            <numerusform>%n ohne Neustart geändert</numerusform>
            <numerusform>%n ohne Neustart geändert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unchanged</source>
        <translation>
            <numerusform>%n unverändert</numerusform>
            <numerusform>%n unverändert</numerusform>
        </translation>
    </message>
    <message>
        <source>Edit config — HSU Master</source>
        <translation>Konfiguration bearbeiten — HSU Master</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>Zusammenführen</translation>
    </message>
    <message>
        <source>Keep the changes on disk and apply yours on top, worker by worker</source>
        <translation>Die Änderungen auf der Festplatte behalten und Ihre darauf anwenden, Worker für Worker</translation>
    </message>
    <message>
        <source>Reload from disk</source>
        <translation>Von der Festplatte neu laden</translation>
    </message>
    <message>
        <source>Drop your changes and show the file as it is on disk</source>
        <translation>Ihre Änderungen verwerfen und die Datei so zeigen, wie sie auf der Festplatte ist</translation>
    </message>
    <message>
        <source>Save mine anyway</source>
        <translation>Meine trotzdem speichern</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Ausblenden</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>Worker</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>&amp;Form</source>
        <translation>&amp;Formular</translation>
    </message>
    <message>
        <source>&amp;YAML</source>
        <translation>&amp;YAML</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Save and apply: the agent checks the file again, keeps a backup and reloads</source>
        <translation>Speichern und anwenden: Der Agent prüft die Datei erneut, legt eine Sicherung an und lädt neu</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>&amp;Add worker…</source>
        <translation>Worker &amp;hinzufügen …</translation>
    </message>
    <message>
        <source>&amp;Duplicate</source>
        <translation>&amp;Duplizieren</translation>
    </message>
    <message>
        <source>Re&amp;move…</source>
        <translation>&amp;Entfernen …</translation>
    </message>
    <message>
        <source>&amp;Import workers…</source>
        <translation>Worker &amp;importieren …</translation>
    </message>
    <message>
        <source>Add the workers of another HSU Master or procman file (written in the HSU Master dialect)</source>
        <translation>Die Worker einer anderen HSU-Master- oder procman-Datei hinzufügen (im HSU-Master-Dialekt geschrieben)</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>&amp;Verwerfen</translation>
    </message>
    <message>
        <source>Load the agent&apos;s config again, dropping unsaved changes</source>
        <translation>Die Konfiguration des Agenten erneut laden und ungespeicherte Änderungen verwerfen</translation>
    </message>
    <message>
        <source>Editor</source>
        <translation>Editor</translation>
    </message>
    <message>
        <source>Cannot read the agent&apos;s config: %1</source>
        <translation>Die Konfiguration des Agenten kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>%1 — Edit config — HSU Master</source>
        <translation>%1 — Konfiguration bearbeiten — HSU Master</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Wird geprüft …</translation>
    </message>
    <message numerus="yes">
        <source>No errors, %n warning(s)</source>
        <translation>
            <numerusform>Keine Fehler, %n Warnung</numerusform>
            <numerusform>Keine Fehler, %n Warnungen</numerusform>
        </translation>
    </message>
    <message>
        <source>No errors</source>
        <translation>Keine Fehler</translation>
    </message>
    <message numerus="yes">
        <source>%n error(s): Save is off until they are fixed</source>
        <translation>
            <numerusform>%n Fehler: Speichern ist gesperrt, bis er behoben ist</numerusform>
            <numerusform>%n Fehler: Speichern ist gesperrt, bis sie behoben sind</numerusform>
        </translation>
    </message>
    <message>
        <source>The YAML has errors (listed under the YAML view). Fix them there, or undo, to use the form again.</source>
        <translation>Das YAML enthält Fehler (unter der YAML-Ansicht aufgeführt). Beheben Sie sie dort oder machen Sie die Änderung rückgängig, um das Formular wieder zu verwenden.</translation>
    </message>
    <message>
        <source>new</source>
        <translation>neu</translation>
    </message>
    <message>
        <source>changed: restarts</source>
        <translation>geändert: startet neu</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>geändert</translation>
    </message>
    <message>
        <source>removed: stops</source>
        <translation>entfernt: stoppt</translation>
    </message>
    <message>
        <source>This file is in the HSU procman dialect. The form writes the HSU Master dialect: edit it in the YAML view, or import it into an HSU Master file.</source>
        <translation>Diese Datei ist im Dialekt von HSU procman. Das Formular schreibt den HSU-Master-Dialekt: Bearbeiten Sie sie in der YAML-Ansicht oder importieren Sie sie in eine HSU-Master-Datei.</translation>
    </message>
    <message>
        <source>No workers yet: “Add worker…” adds your first program.</source>
        <translation>Noch keine Worker: „Worker hinzufügen …“ fügt Ihr erstes Programm hinzu.</translation>
    </message>
    <message>
        <source>Select a worker on the left.</source>
        <translation>Wählen Sie links einen Worker aus.</translation>
    </message>
    <message>
        <source>The form cannot find worker “%1” in the text; edit it in the YAML view.</source>
        <translation>Das Formular findet den Worker „%1“ nicht im Text; bearbeiten Sie ihn in der YAML-Ansicht.</translation>
    </message>
    <message>
        <source>Fix the errors in the YAML first.</source>
        <translation>Beheben Sie zuerst die Fehler im YAML.</translation>
    </message>
    <message>
        <source>Remove “%1” from the config?

When you save, the agent stops it; its log files stay.</source>
        <translation>„%1“ aus der Konfiguration entfernen?

Beim Speichern stoppt der Agent ihn; seine Protokolldateien bleiben erhalten.</translation>
    </message>
    <message>
        <source>Remove “%1” from the config?</source>
        <translation>„%1“ aus der Konfiguration entfernen?</translation>
    </message>
    <message>
        <source>Remove worker</source>
        <translation>Worker entfernen</translation>
    </message>
    <message>
        <source>Import workers</source>
        <translation>Worker importieren</translation>
    </message>
    <message>
        <source>YAML files (*.yaml *.yml);;All files (*)</source>
        <translation>YAML-Dateien (*.yaml *.yml);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>%1 cannot be loaded:
%2</source>
        <translation>%1 kann nicht geladen werden:
%2</translation>
    </message>
    <message>
        <source>Not imported (the id is taken, or the text has errors): %1</source>
        <translation>Nicht importiert (die ID ist vergeben oder der Text enthält Fehler): %1</translation>
    </message>
    <message>
        <source>The file was changed on disk since you opened it. Merge keeps those changes and applies yours worker by worker; Reload drops yours.</source>
        <translation>Die Datei wurde auf der Festplatte geändert, seit Sie sie geöffnet haben. „Zusammenführen“ behält diese Änderungen und wendet Ihre Worker für Worker an; „Neu laden“ verwirft Ihre.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Wird gespeichert …</translation>
    </message>
    <message>
        <source>Not saved — the agent refused it:
%1</source>
        <translation>Nicht gespeichert — der Agent hat abgelehnt:
%1</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>Nicht gespeichert</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>Gespeichert: %1</translation>
    </message>
    <message>
        <source>The file was changed on disk while you were editing it.</source>
        <translation>Die Datei wurde auf der Festplatte geändert, während Sie sie bearbeitet haben.</translation>
    </message>
    <message>
        <source>Cannot merge: %1</source>
        <translation>Zusammenführen nicht möglich: %1</translation>
    </message>
    <message>
        <source>Merged with the file on disk. Review, then save.</source>
        <translation>Mit der Datei auf der Festplatte zusammengeführt. Prüfen, dann speichern.</translation>
    </message>
    <message>
        <source>Merged; changed on both sides (yours kept): %1. Review, then save.</source>
        <translation>Zusammengeführt; auf beiden Seiten geändert (Ihre Fassung behalten): %1. Prüfen, dann speichern.</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <source>Save your changes to the config?</source>
        <translation>Ihre Änderungen an der Konfiguration speichern?</translation>
    </message>
    <message>
        <source>The worker was not added: %1</source>
        <translation>Der Worker wurde nicht hinzugefügt: %1</translation>
    </message>
    <message>
        <source>This worker&apos;s YAML uses ${…} variables and has comments. The form shows the variables&apos; values here, and an edit in the form writes those values in their place and drops the comments. Edit it in the YAML view to keep both.</source>
        <translation>Das YAML dieses Workers verwendet ${…}-Variablen und enthält Kommentare. Das Formular zeigt hier die Werte der Variablen; eine Änderung im Formular schreibt diese Werte an ihre Stelle und entfernt die Kommentare. Bearbeiten Sie ihn in der YAML-Ansicht, um beides zu behalten.</translation>
    </message>
    <message>
        <source>This worker&apos;s YAML uses ${…} variables. The form shows their values here, and an edit in the form writes those values in their place. Edit it in the YAML view to keep the variables.</source>
        <translation>Das YAML dieses Workers verwendet ${…}-Variablen. Das Formular zeigt hier ihre Werte; eine Änderung im Formular schreibt diese Werte an ihre Stelle. Bearbeiten Sie ihn in der YAML-Ansicht, um die Variablen zu behalten.</translation>
    </message>
    <message>
        <source>This worker&apos;s YAML has comments, which an edit in the form drops. Edit it in the YAML view to keep them.</source>
        <translation>Das YAML dieses Workers enthält Kommentare, die eine Änderung im Formular entfernt. Bearbeiten Sie ihn in der YAML-Ansicht, um sie zu behalten.</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::editor::ConfigMerge</name>
    <message>
        <source>your text has errors</source>
        <translation>Ihr Text enthält Fehler</translation>
    </message>
    <message>
        <source>the file on disk has errors</source>
        <translation>die Datei auf der Festplatte enthält Fehler</translation>
    </message>
    <message>
        <source>top-level settings (kept as on disk)</source>
        <translation>Einstellungen der obersten Ebene (wie auf der Festplatte behalten)</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::editor::DiagnosticsList</name>
    <message>
        <source>Line</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Fix</source>
        <translation>Korrektur</translation>
    </message>
    <message>
        <source>Use “%1”</source>
        <translation>„%1“ verwenden</translation>
    </message>
    <message>
        <source>Replace the misspelt word on line %1</source>
        <translation>Das falsch geschriebene Wort in Zeile %1 ersetzen</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::editor::WorkerForm</name>
    <message>
        <source>Select a worker on the left, or add one.</source>
        <translation>Wählen Sie links einen Worker aus oder fügen Sie einen hinzu.</translation>
    </message>
    <message>
        <source>Program</source>
        <translation>Programm</translation>
    </message>
    <message>
        <source>Unique id: letters, digits, &apos;-&apos; and &apos;_&apos;. Logs and hsuctl use it.</source>
        <translation>Eindeutige ID: Buchstaben, Ziffern, &apos;-&apos; und &apos;_&apos;. Protokolle und hsuctl verwenden sie.</translation>
    </message>
    <message>
        <source>Shown in the window instead of the id</source>
        <translation>Wird im Fenster anstelle der ID angezeigt</translation>
    </message>
    <message>
        <source>&amp;Id:</source>
        <translation>&amp;ID:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>A program, or a whole command line</source>
        <translation>Ein Programm oder eine ganze Befehlszeile</translation>
    </message>
    <message>
        <source>Type a command line to split it into program and arguments; a program name is looked up in PATH and written as an absolute path.</source>
        <translation>Geben Sie eine Befehlszeile ein, um sie in Programm und Argumente aufzuteilen; ein Programmname wird in PATH gesucht und als absoluter Pfad geschrieben.</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen …</translation>
    </message>
    <message>
        <source>&amp;Program:</source>
        <translation>&amp;Programm:</translation>
    </message>
    <message>
        <source>Arguments, quoted as in a shell</source>
        <translation>Argumente, maskiert wie in einer Shell</translation>
    </message>
    <message>
        <source>&amp;Arguments:</source>
        <translation>&amp;Argumente:</translation>
    </message>
    <message>
        <source>Variable</source>
        <translation>Variable</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Add variable</source>
        <translation>Variable hinzufügen</translation>
    </message>
    <message>
        <source>Remove variable</source>
        <translation>Variable entfernen</translation>
    </message>
    <message>
        <source>&amp;Environment:</source>
        <translation>&amp;Umgebung:</translation>
    </message>
    <message>
        <source>The program&apos;s folder</source>
        <translation>Der Ordner des Programms</translation>
    </message>
    <message>
        <source>Working &amp;folder:</source>
        <translation>Arbeits&amp;ordner:</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Neustart</translation>
    </message>
    <message>
        <source>never: leave it ended; on-failure: restart after a crash or a non-zero exit; always: restart whenever it ends; unless-stopped: as always, but not after you stopped it</source>
        <translation>never: beendet lassen; on-failure: nach einem Absturz oder einem Exit-Code ungleich null neu starten; always: immer neu starten, wenn er endet; unless-stopped: wie always, aber nicht, nachdem Sie ihn gestoppt haben</translation>
    </message>
    <message>
        <source>Restarts in a row before the worker is given up as failed</source>
        <translation>Neustarts in Folge, bevor der Worker als fehlgeschlagen aufgegeben wird</translation>
    </message>
    <message>
        <source>&amp;Policy:</source>
        <translation>&amp;Regel:</translation>
    </message>
    <message>
        <source>&amp;Retries:</source>
        <translation>&amp;Wiederholungen:</translation>
    </message>
    <message>
        <source>First &amp;delay:</source>
        <translation>Erste &amp;Verzögerung:</translation>
    </message>
    <message>
        <source>Limits (0: none)</source>
        <translation>Grenzen (0: keine)</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>keine Grenze</translation>
    </message>
    <message>
        <source> cores</source>
        <translation> Kerne</translation>
    </message>
    <message>
        <source>&amp;Memory:</source>
        <translation>&amp;Speicher:</translation>
    </message>
    <message>
        <source>&amp;CPU:</source>
        <translation>&amp;CPU:</translation>
    </message>
    <message>
        <source>P&amp;rocesses:</source>
        <translation>Pro&amp;zesse:</translation>
    </message>
    <message>
        <source>Health check</source>
        <translation>Gesundheitsprüfung</translation>
    </message>
    <message>
        <source>Failed checks in a row before the worker counts as unhealthy</source>
        <translation>Fehlgeschlagene Prüfungen in Folge, bevor der Worker als ungesund gilt</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>Ar&amp;t:</translation>
    </message>
    <message>
        <source>&amp;Target:</source>
        <translation>Zi&amp;el:</translation>
    </message>
    <message>
        <source>&amp;Every:</source>
        <translation>Interva&amp;ll:</translation>
    </message>
    <message>
        <source>Fai&amp;lures:</source>
        <translation>Fehlsc&amp;hläge:</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Protokolle</translation>
    </message>
    <message>
        <source>&amp;Keep the program&apos;s output in log files</source>
        <translation>Ausgabe des Programms in Protokoll&amp;dateien aufbewahren</translation>
    </message>
    <message>
        <source>Standard &amp;output</source>
        <translation>Standardaus&amp;gabe</translation>
    </message>
    <message>
        <source>Standard &amp;error</source>
        <translation>Standard&amp;fehlerausgabe</translation>
    </message>
    <message>
        <source>“%1” is an unmanaged worker: HSU Master finds it, it does not start it. Edit how it is found in the YAML view.</source>
        <translation>„%1“ ist ein nicht verwalteter Worker: HSU Master findet ihn, startet ihn aber nicht. Wie er gefunden wird, bearbeiten Sie in der YAML-Ansicht.</translation>
    </message>
    <message>
        <source>http://127.0.0.1:8080/health</source>
        <translation>http://127.0.0.1:8080/health</translation>
    </message>
    <message>
        <source>127.0.0.1:5432</source>
        <translation>127.0.0.1:5432</translation>
    </message>
    <message>
        <source>A command that exits with 0 when all is well</source>
        <translation>Ein Befehl, der mit 0 endet, wenn alles in Ordnung ist</translation>
    </message>
    <message>
        <source>127.0.0.1:50051</source>
        <translation>127.0.0.1:50051</translation>
    </message>
    <message>
        <source>Choose the program</source>
        <translation>Programm wählen</translation>
    </message>
    <message>
        <source>Choose the working folder</source>
        <translation>Arbeitsordner wählen</translation>
    </message>
    <message>
        <source>Held by the kernel: a fork beyond it fails</source>
        <translation>Vom Kernel durchgesetzt: ein fork darüber hinaus schlägt fehl</translation>
    </message>
    <message>
        <source>What happens above the memory limit: restart the worker, let the kernel end it (immediate_kill), reclaim and slow it (throttle), or only log and alert</source>
        <translation>Was oberhalb der Speichergrenze geschieht: den Worker neu starten, ihn vom Kernel beenden lassen (immediate_kill), Speicher zurückholen und ihn bremsen (throttle) oder nur protokollieren und melden</translation>
    </message>
    <message>
        <source>What happens above the CPU limit: throttle holds it to the limit (cgroup cpu.max); the others act after it stays above for a while</source>
        <translation>Was oberhalb der CPU-Grenze geschieht: throttle hält ihn an der Grenze (cgroup cpu.max); die anderen greifen erst, wenn er eine Weile darüber bleibt</translation>
    </message>
    <message>
        <source>when exceeded:</source>
        <translation>bei Überschreitung:</translation>
    </message>
    <message>
        <source>Time the program gets to start before the first check (a server that opens its port late would otherwise count as failing)</source>
        <translation>Zeit, die das Programm zum Starten bekommt, bevor zum ersten Mal geprüft wird (ein Server, der seinen Port spät öffnet, gälte sonst als fehlerhaft)</translation>
    </message>
    <message>
        <source>First check &amp;after:</source>
        <translation>Prüfung &amp;beginnt nach:</translation>
    </message>
    <message>
        <source>Edit here anyway</source>
        <translation>Trotzdem hier bearbeiten</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::editor::YamlEdit</name>
    <message>
        <source>Error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
</context>
</TS>
