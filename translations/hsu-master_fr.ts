<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>hsu-master</name>
    <message>
        <source>HSU Master: the window and tray icon of the hsu-agent process supervisor.</source>
        <translation>HSU Master&#xa0;: la fenêtre et l’icône de la zone de notification du superviseur de processus hsu-agent.</translation>
    </message>
    <message>
        <source>Config file the agent runs when started from here.</source>
        <translation>Fichier de configuration exécuté par l’agent lorsqu’il est démarré d’ici.</translation>
    </message>
    <message>
        <source>The agent&apos;s socket (default: $HSU_SOCKET, else the per-user default).</source>
        <translation>Le socket de l’agent (par défaut&#xa0;: $HSU_SOCKET, sinon celui de l’utilisateur).</translation>
    </message>
    <message>
        <source>Start hsu-agent if none answers.</source>
        <translation>Démarrer hsu-agent si aucun ne répond.</translation>
    </message>
    <message>
        <source>Start in the tray, without showing the window.</source>
        <translation>Démarrer dans la zone de notification, sans afficher la fenêtre.</translation>
    </message>
    <message>
        <source>Show the demo: a few sample workers on an agent of their own, apart from yours (started when none answers).</source>
        <translation>Montrer la démo&#xa0;: quelques workers d’exemple sur un agent à part, séparé du vôtre (démarré si aucun ne répond).</translation>
    </message>
    <message>
        <source>system (the desktop&apos;s style and colours), light or dark (Fusion with a light or dark palette). Default: $HSU_APPEARANCE, else the setting.</source>
        <translation>system (style et couleurs du bureau), light ou dark (Fusion avec une palette claire ou sombre). Par défaut&#xa0;: $HSU_APPEARANCE, sinon le réglage.</translation>
    </message>
    <message>
        <source>The window&apos;s language: system (the desktop&apos;s), en, de or fr. Default: $HSU_LANGUAGE, else the setting.</source>
        <translation>Langue de la fenêtre&#xa0;: system (celle du bureau), en, de ou fr. Par défaut&#xa0;: $HSU_LANGUAGE, sinon le réglage.</translation>
    </message>
    <message>
        <source>unexpected argument: %1
</source>
        <translation>argument inattendu&#xa0;: %1
</translation>
    </message>
    <message>
        <source>--appearance: expected system, light or dark, not &quot;%1&quot;
</source>
        <translation>--appearance&#xa0;: system, light ou dark attendu, pas «&#xa0;%1&#xa0;»
</translation>
    </message>
    <message>
        <source>--language: expected system, en, de or fr, not &quot;%1&quot;
</source>
        <translation>--language&#xa0;: system, en, de ou fr attendu, pas «&#xa0;%1&#xa0;»
</translation>
    </message>
    <message>
        <source>--demo runs the demo config; it takes no --config
</source>
        <translation>--demo exécute la configuration de démo&#xa0;; --config n’est pas accepté avec
</translation>
    </message>
    <message>
        <source>--demo: the demo config (demo.yaml) is not installed here
</source>
        <translation>--demo&#xa0;: la configuration de démo (demo.yaml) n’est pas installée ici
</translation>
    </message>
</context>
<context>
    <name>hsu::autostart::Autostart</name>
    <message>
        <source>cannot create the folder %1</source>
        <translation>impossible de créer le dossier %1</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>impossible d’écrire %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>cannot remove %1: %2</source>
        <translation>impossible de supprimer %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>impossible d’écrire %1</translation>
    </message>
    <message>
        <source>%1 cannot be read, so it starts nothing</source>
        <translation>%1 est illisible et ne démarre donc rien</translation>
    </message>
    <message>
        <source>%1 is turned off (Disabled)</source>
        <translation>%1 est désactivé (Disabled)</translation>
    </message>
    <message>
        <source>%1 starts it at login</source>
        <translation>%1 le démarre à la connexion</translation>
    </message>
    <message>
        <source>no launch agent: %1 does not exist</source>
        <translation>aucun agent launchd&#xa0;: %1 n’existe pas</translation>
    </message>
    <message>
        <source>%1 starts it for every user; only an administrator can remove it</source>
        <translation>%1 le démarre pour tous les utilisateurs&#xa0;; seul un administrateur peut le retirer</translation>
    </message>
    <message>
        <source>the Run value %1 starts it at login</source>
        <translation>la valeur Run %1 le démarre à la connexion</translation>
    </message>
    <message>
        <source>the Run value %1 starts it for every user</source>
        <translation>la valeur Run %1 le démarre pour tous les utilisateurs</translation>
    </message>
    <message>
        <source>no Run value %1</source>
        <translation>aucune valeur Run %1</translation>
    </message>
    <message>
        <source>cannot change %1</source>
        <translation>impossible de modifier %1</translation>
    </message>
    <message>
        <source>your entry %1 cannot be read, so it starts nothing</source>
        <translation>votre entrée %1 est illisible et ne démarre donc rien</translation>
    </message>
    <message>
        <source>your entry %1 starts it at login</source>
        <translation>votre entrée %1 le démarre à la connexion</translation>
    </message>
    <message>
        <source>your entry %1 starts it at login (in place of the system-wide %2)</source>
        <translation>votre entrée %1 le démarre à la connexion (à la place de l’entrée système %2)</translation>
    </message>
    <message>
        <source>your entry %1 turns it off (%2)</source>
        <translation>votre entrée %1 le désactive (%2)</translation>
    </message>
    <message>
        <source>your entry %1 turns the system-wide %2 off for you (%3)</source>
        <translation>votre entrée %1 désactive pour vous l’entrée système %2 (%3)</translation>
    </message>
    <message>
        <source>the system-wide entry %1 starts it for every user</source>
        <translation>l’entrée système %1 le démarre pour tous les utilisateurs</translation>
    </message>
    <message>
        <source>the system-wide entry %1 is turned off (%2)</source>
        <translation>l’entrée système %1 est désactivée (%2)</translation>
    </message>
    <message>
        <source>no autostart entry: neither %1 nor %2 exists</source>
        <translation>aucune entrée de démarrage automatique&#xa0;: ni %1 ni %2 n’existe</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::AgentConnection</name>
    <message>
        <source>the agent closed the connection</source>
        <translation>l’agent a fermé la connexion</translation>
    </message>
    <message>
        <source>The agent was started again (pid %1)</source>
        <translation>L’agent a été redémarré (PID %1)</translation>
    </message>
    <message>
        <source>Could not list the workers: %1</source>
        <translation>Impossible de lister les workers&#xa0;: %1</translation>
    </message>
    <message>
        <source>The agent stopped unexpectedly; starting it again in %1 s</source>
        <translation>L’agent s’est arrêté de façon inattendue&#xa0;; redémarrage dans %1 s</translation>
    </message>
    <message>
        <source>config refused</source>
        <translation>configuration refusée</translation>
    </message>
    <message>
        <source>nothing changed: %1</source>
        <translation>rien n’a changé&#xa0;: %1</translation>
    </message>
    <message>
        <source>The config has errors; nothing changed: %1</source>
        <translation>La configuration contient des erreurs&#xa0;; rien n’a changé&#xa0;: %1</translation>
    </message>
    <message>
        <source>config reloaded</source>
        <translation>configuration rechargée</translation>
    </message>
    <message>
        <source>%1 (%2, %3 ms)</source>
        <translation>%1 (%2, %3 ms)</translation>
    </message>
    <message>
        <source>Config reloaded: %1</source>
        <translation>Configuration rechargée&#xa0;: %1</translation>
    </message>
    <message>
        <source>health: %1</source>
        <translation>santé&#xa0;: %1</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Démarrer</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Arrêter</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Redémarrer</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Suspendre</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Reprendre</translation>
    </message>
    <message>
        <source>%1 %2: %3</source>
        <translation>%1 %2&#xa0;: %3</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1&#xa0;: %2</translation>
    </message>
    <message>
        <source>%1 refused: %2</source>
        <translation>%1 refusé&#xa0;: %2</translation>
    </message>
    <message>
        <source>%1 all: %2</source>
        <translation>%1 (tous)&#xa0;: %2</translation>
    </message>
    <message>
        <source>Sent %1 to %2</source>
        <translation>%1 envoyé à %2</translation>
    </message>
    <message>
        <source>%1 not sent to %2: %3</source>
        <translation>%1 non envoyé à %2&#xa0;: %3</translation>
    </message>
    <message>
        <source>the agent&apos;s answer is not a health report</source>
        <translation>la réponse de l’agent n’est pas un rapport de santé</translation>
    </message>
    <message>
        <source>An agent is already answering on %1</source>
        <translation>Un agent répond déjà sur %1</translation>
    </message>
    <message>
        <source>Could not start the agent: %1</source>
        <translation>Impossible de démarrer l’agent&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::ConnectionBanner</name>
    <message>
        <source>Start agent</source>
        <translation>Démarrer l’agent</translation>
    </message>
    <message>
        <source>Connecting to the agent at %1…</source>
        <translation>Connexion à l’agent sur %1…</translation>
    </message>
    <message>
        <source>No agent answers at %1. Workers are run by hsu-agent; start it to see and control them.</source>
        <translation>Aucun agent ne répond sur %1. Les workers sont exécutés par hsu-agent&#xa0;; démarrez-le pour les voir et les piloter.</translation>
    </message>
    <message>
        <source>Lost the agent — reconnecting… The workers keep running on their own.</source>
        <translation>Agent perdu — reconnexion… Les workers continuent de tourner seuls.</translation>
    </message>
    <message>
        <source>Starting the agent…</source>
        <translation>Démarrage de l’agent…</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::DetailPane</name>
    <message>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>État&#xa0;:</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Raison&#xa0;:</translation>
    </message>
    <message>
        <source>PID:</source>
        <translation>PID&#xa0;:</translation>
    </message>
    <message>
        <source>Started:</source>
        <translation>Démarré&#xa0;:</translation>
    </message>
    <message>
        <source>Uptime:</source>
        <translation>En marche depuis&#xa0;:</translation>
    </message>
    <message>
        <source>Restarts:</source>
        <translation>Redémarrages&#xa0;:</translation>
    </message>
    <message>
        <source>Last exit:</source>
        <translation>Dernière sortie&#xa0;:</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>Type&#xa0;:</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>Configuration</translation>
    </message>
    <message>
        <source>Command:</source>
        <translation>Commande&#xa0;:</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>Dossier&#xa0;:</translation>
    </message>
    <message>
        <source>Environment:</source>
        <translation>Environnement&#xa0;:</translation>
    </message>
    <message>
        <source>Restart:</source>
        <translation>Redémarrage&#xa0;:</translation>
    </message>
    <message>
        <source>Stop:</source>
        <translation>Arrêt&#xa0;:</translation>
    </message>
    <message>
        <source>Depends on:</source>
        <translation>Dépend de&#xa0;:</translation>
    </message>
    <message>
        <source>Output:</source>
        <translation>Sortie&#xa0;:</translation>
    </message>
    <message>
        <source>This agent does not report command, environment or restart policy.</source>
        <translation>Cet agent n’indique ni la commande, ni l’environnement, ni la règle de redémarrage.</translation>
    </message>
    <message>
        <source>State history</source>
        <translation>Historique des états</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Changement</translation>
    </message>
    <message>
        <source>Select a worker to see its details</source>
        <translation>Sélectionnez un worker pour voir ses détails</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1 (re-adopted: started by an earlier agent; its exit status will not be known)</source>
        <translation>%1 (repris&#xa0;: démarré par un agent précédent&#xa0;; son code de sortie ne sera pas connu)</translation>
    </message>
    <message>
        <source>%1 (attempt %2)</source>
        <translation>%1 (tentative %2)</translation>
    </message>
    <message>
        <source>unmanaged — %1</source>
        <translation>non géré — %1</translation>
    </message>
    <message>
        <source>(inherited only)</source>
        <translation>(hérité uniquement)</translation>
    </message>
    <message>
        <source>, up to %1 retries, delay %2 × %3</source>
        <translation>, jusqu’à %1 tentatives, délai %2 × %3</translation>
    </message>
    <message>
        <source>SIGTERM, then SIGKILL after %1</source>
        <translation>SIGTERM, puis SIGKILL après %1</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>rien</translation>
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
        <translation>Ajouter votre premier programme…</translation>
    </message>
    <message>
        <source>No programs yet</source>
        <translation>Aucun programme pour l’instant</translation>
    </message>
    <message>
        <source>Add a program and HSU Master starts it, keeps it running and restarts it when it stops.</source>
        <translation>Ajoutez un programme et HSU Master le démarre, le maintient en marche et le redémarre lorsqu’il s’arrête.</translation>
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
        <translation>Heure</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>Worker</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Changement</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Raison</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::EventsView</name>
    <message>
        <source>Filter events (worker, state, reason)</source>
        <translation>Filtrer les événements (worker, état, raison)</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Effacer</translation>
    </message>
    <message>
        <source>%1 events</source>
        <translation>%1 événements</translation>
    </message>
    <message>
        <source> (oldest dropped)</source>
        <translation> (les plus anciens supprimés)</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::HealthPanel</name>
    <message>
        <source>passed</source>
        <translation>réussi</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>échoué</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Santé</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latence</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Raison</translation>
    </message>
    <message>
        <source>Not known: %1</source>
        <translation>Inconnu&#xa0;: %1</translation>
    </message>
    <message>
        <source>No health check: the agent only knows whether the process runs.</source>
        <translation>Aucun contrôle de santé&#xa0;: l’agent sait seulement si le processus tourne.</translation>
    </message>
    <message>
        <source>unhealthy at the first failure</source>
        <translation>défaillant dès le premier échec</translation>
    </message>
    <message>
        <source>unhealthy after %1 failures in a row</source>
        <translation>défaillant après %1 échecs consécutifs</translation>
    </message>
    <message>
        <source>%1 %2 · every %3, timeout %4, %5 · %6 checks, %7 failed</source>
        <translation>%1 %2 · toutes les %3, délai maximal %4, %5 · %6 contrôles, %7 échoués</translation>
    </message>
    <message>
        <source> (disabled)</source>
        <translation> (désactivé)</translation>
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
        <translation>1 ligne perdue pour %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>%1 lines dropped for %2: %3</source>
        <translation>%1 lignes perdues pour %2&#xa0;: %3</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::LogModel</name>
    <message>
        <source>── new process, pid %1 ──</source>
        <translation>── nouveau processus, PID %1 ──</translation>
    </message>
    <message>
        <source>── new process ──</source>
        <translation>── nouveau processus ──</translation>
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
        <translation>avis</translation>
    </message>
    <message>
        <source>a new process</source>
        <translation>un nouveau processus</translation>
    </message>
    <message>
        <source>The lines below come from a new process of %1, started %2</source>
        <translation>Les lignes ci-dessous viennent d’un nouveau processus de %1, démarré %2</translation>
    </message>
    <message>
        <source>Cut at 64 KiB: the line goes on in the next row</source>
        <translation>Coupée à 64 Kio&#xa0;: la ligne continue à la rangée suivante</translation>
    </message>
    <message>
        <source>Not UTF-8: invalid bytes shown as �</source>
        <translation>Pas de l’UTF-8&#xa0;: octets invalides affichés comme �</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>Worker</translation>
    </message>
    <message>
        <source>Stream</source>
        <translation>Flux</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Ligne</translation>
    </message>
    <message>
        <source>1 line skipped: the agent sent it faster than this window took it</source>
        <translation>1 ligne sautée&#xa0;: l’agent l’a envoyée plus vite que cette fenêtre ne l’a prise</translation>
    </message>
    <message>
        <source>%1 lines skipped: the agent sent them faster than this window took them</source>
        <translation>%1 lignes sautées&#xa0;: l’agent les a envoyées plus vite que cette fenêtre ne les a prises</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::LogStream</name>
    <message>
        <source>The agent was restarted: output continues from its new start</source>
        <translation>L’agent a été redémarré&#xa0;: la sortie reprend depuis son nouveau démarrage</translation>
    </message>
    <message>
        <source>This agent does not provide worker output (update hsu-agent)</source>
        <translation>Cet agent ne fournit pas la sortie des workers (mettez à jour hsu-agent)</translation>
    </message>
    <message>
        <source>Could not read the output: %1</source>
        <translation>Impossible de lire la sortie&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::LogView</name>
    <message>
        <source>Copy</source>
        <translation>Copier</translation>
    </message>
    <message>
        <source>Search the output</source>
        <translation>Rechercher dans la sortie</translation>
    </message>
    <message>
        <source>.*</source>
        <translation>.*</translation>
    </message>
    <message>
        <source>Search with a regular expression (any case)</source>
        <translation>Rechercher avec une expression régulière (sans tenir compte de la casse)</translation>
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
        <translation>Tous les workers</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>Suivre</translation>
    </message>
    <message>
        <source>Keep the newest line in view</source>
        <translation>Garder la ligne la plus récente en vue</translation>
    </message>
    <message>
        <source>Copy the selected lines, or all shown lines when none is selected (Ctrl+C)</source>
        <translation>Copier les lignes sélectionnées, ou toutes les lignes affichées si aucune ne l’est (Ctrl+C)</translation>
    </message>
    <message>
        <source>Clear view</source>
        <translation>Vider la vue</translation>
    </message>
    <message>
        <source>Empty this view; the worker&apos;s output and files are untouched</source>
        <translation>Vider cette vue&#xa0;; la sortie et les fichiers du worker restent intacts</translation>
    </message>
    <message>
        <source>Open log file</source>
        <translation>Ouvrir le fichier journal</translation>
    </message>
    <message>
        <source>Follow again</source>
        <translation>Suivre à nouveau</translation>
    </message>
    <message>
        <source>Paused — 1 new line</source>
        <translation>En pause — 1 nouvelle ligne</translation>
    </message>
    <message>
        <source>Paused — %1 new lines</source>
        <translation>En pause — %1 nouvelles lignes</translation>
    </message>
    <message>
        <source>%1 shown · %2 buffered</source>
        <translation>%1 affichées · %2 en mémoire</translation>
    </message>
    <message>
        <source> · %1 skipped</source>
        <translation> · %1 sautées</translation>
    </message>
    <message>
        <source>Shown: lines passing the filters. Buffered: lines kept in this view (at most %1; the oldest leave first). Skipped: lines the agent did not send because this window fell behind.</source>
        <translation>Affichées&#xa0;: lignes qui passent les filtres. En mémoire&#xa0;: lignes gardées dans cette vue (au plus %1&#xa0;; les plus anciennes partent en premier). Sautées&#xa0;: lignes que l’agent n’a pas envoyées car cette fenêtre avait pris du retard.</translation>
    </message>
    <message>
        <source>This worker&apos;s output goes to no file (or the agent does not say)</source>
        <translation>La sortie de ce worker ne va dans aucun fichier (ou l’agent ne le dit pas)</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>Ouvrir %1</translation>
    </message>
    <message>
        <source>stdout: %1</source>
        <translation>stdout&#xa0;: %1</translation>
    </message>
    <message>
        <source>stderr: %1</source>
        <translation>stderr&#xa0;: %1</translation>
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
        <translation>Tout démarrer</translation>
    </message>
    <message>
        <source>Stop all</source>
        <translation>Tout arrêter</translation>
    </message>
    <message>
        <source>Stop all workers</source>
        <translation>Arrêter tous les workers</translation>
    </message>
    <message>
        <source>Stop every worker? They stay stopped until started again.</source>
        <translation>Arrêter tous les workers&#xa0;? Ils restent arrêtés jusqu’à ce qu’on les redémarre.</translation>
    </message>
    <message>
        <source>Start &amp;agent</source>
        <translation>Démarrer l’&amp;agent</translation>
    </message>
    <message>
        <source>Start hsu-agent with %1</source>
        <translation>Démarrer hsu-agent avec %1</translation>
    </message>
    <message>
        <source>the default config</source>
        <translation>la configuration par défaut</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Paramètres…</translation>
    </message>
    <message>
        <source>Autostart of the agent at login</source>
        <translation>Démarrage automatique de l’agent à la connexion</translation>
    </message>
    <message>
        <source>&amp;Edit config…</source>
        <translation>Modifier la &amp;configuration…</translation>
    </message>
    <message>
        <source>Edit the workers and the config file (Ctrl+E)</source>
        <translation>Modifier les workers et le fichier de configuration (Ctrl+E)</translation>
    </message>
    <message>
        <source>&amp;Add worker…</source>
        <translation>Ajouter un &amp;worker…</translation>
    </message>
    <message>
        <source>Add a program for HSU Master to run (Ctrl+Shift+N)</source>
        <translation>Ajouter un programme que HSU Master exécutera (Ctrl+Maj+N)</translation>
    </message>
    <message>
        <source>Workers</source>
        <translation>Workers</translation>
    </message>
    <message>
        <source>Filter by id or name</source>
        <translation>Identifiant ou nom</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>Tous les états</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>À surveiller</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>En marche</translation>
    </message>
    <message>
        <source>Starting / stopping</source>
        <translation>Démarrage / arrêt</translation>
    </message>
    <message>
        <source>Backoff</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>En échec</translation>
    </message>
    <message>
        <source>Stopped / exited</source>
        <translation>Arrêtés / terminés</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Suspendus</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Close window</source>
        <translation>Fer&amp;mer la fenêtre</translation>
    </message>
    <message>
        <source>&amp;Quit (workers keep running)</source>
        <translation>&amp;Quitter (les workers continuent)</translation>
    </message>
    <message>
        <source>&amp;Workers</source>
        <translation>&amp;Workers</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Events</source>
        <translation>Évé&amp;nements</translation>
    </message>
    <message>
        <source>&amp;Logs of all workers</source>
        <translation>&amp;Journaux de tous les workers</translation>
    </message>
    <message>
        <source>&amp;Details of the selected worker</source>
        <translation>&amp;Détails du worker sélectionné</translation>
    </message>
    <message>
        <source>Logs of the selected &amp;worker</source>
        <translation>Journaux du worker &amp;sélectionné</translation>
    </message>
    <message>
        <source>Resources of the selected w&amp;orker</source>
        <translation>&amp;Ressources du worker sélectionné</translation>
    </message>
    <message>
        <source>&amp;Filter workers</source>
        <translation>&amp;Filtrer les workers</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Aid&amp;e</translation>
    </message>
    <message>
        <source>&amp;About HSU Master</source>
        <translation>&amp;À propos de HSU Master</translation>
    </message>
    <message>
        <source>About HSU Master</source>
        <translation>À propos de HSU Master</translation>
    </message>
    <message>
        <source>&lt;b&gt;HSU Master&lt;/b&gt; %1&lt;br&gt;A window onto hsu-agent, which runs your workers.&lt;br&gt;Agent: %2&lt;br&gt;Socket: %3</source>
        <translation>&lt;b&gt;HSU Master&lt;/b&gt; %1&lt;br&gt;Une fenêtre sur hsu-agent, qui exécute vos workers.&lt;br&gt;Agent&#xa0;: %2&lt;br&gt;Socket&#xa0;: %3</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>non connecté</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Journaux</translation>
    </message>
    <message>
        <source>Resources</source>
        <translation>Ressources</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Événements</translation>
    </message>
    <message>
        <source>All logs</source>
        <translation>Tous les journaux</translation>
    </message>
    <message>
        <source>Select a worker to see its output</source>
        <translation>Sélectionnez un worker pour voir sa sortie</translation>
    </message>
    <message>
        <source>%1 is unmanaged: the agent did not start it, so its output cannot be captured</source>
        <translation>%1 n’est pas géré&#xa0;: l’agent ne l’a pas démarré, sa sortie ne peut donc pas être capturée</translation>
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
        <translation>Connexion…</translation>
    </message>
    <message>
        <source>No agent</source>
        <translation>Aucun agent</translation>
    </message>
    <message>
        <source>Reconnecting… (attempt %1)</source>
        <translation>Reconnexion… (tentative %1)</translation>
    </message>
    <message>
        <source>Starting the agent…</source>
        <translation>Démarrage de l’agent…</translation>
    </message>
    <message>
        <source>⚠ %1</source>
        <translation>⚠ %1</translation>
    </message>
    <message>
        <source>Add worker…</source>
        <comment>toolbar</comment>
        <translation>Ajouter…</translation>
    </message>
    <message>
        <source>Edit config…</source>
        <comment>toolbar</comment>
        <translation>Configuration…</translation>
    </message>
    <message>
        <source>Settings…</source>
        <comment>toolbar</comment>
        <translation>Paramètres…</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::ResourceChart</name>
    <message>
        <source>CPU (% of one core)</source>
        <translation>CPU (% d’un cœur)</translation>
    </message>
    <message>
        <source>cpu</source>
        <translation>cpu</translation>
    </message>
    <message>
        <source>Memory (resident)</source>
        <translation>Mémoire (résidente)</translation>
    </message>
    <message>
        <source>rss</source>
        <translation>rss</translation>
    </message>
    <message>
        <source>Storage I/O</source>
        <translation>E/S disque</translation>
    </message>
    <message>
        <source>read</source>
        <translation>lecture</translation>
    </message>
    <message>
        <source>write</source>
        <translation>écriture</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>warning %1 % · %2</source>
        <translation>alerte %1 % · %2</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::ResourceFeed</name>
    <message>
        <source>Not connected to the agent</source>
        <translation>Non connecté à l’agent</translation>
    </message>
    <message>
        <source>This agent does not report resources</source>
        <translation>Cet agent ne rapporte pas les ressources</translation>
    </message>
    <message>
        <source>The agent&apos;s answer to %1 could not be read</source>
        <translation>La réponse de l’agent à %1 n’a pas pu être lue</translation>
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
        <translation>&#xa0;: %1</translation>
    </message>
    <message>
        <source>: %1 of %2</source>
        <translation>&#xa0;: %1 sur %2</translation>
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
        <translation>E/S</translation>
    </message>
    <message>
        <source>FDs</source>
        <translation>Descripteurs</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>Threads</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>Processus</translation>
    </message>
    <message>
        <source>Span:</source>
        <translation>Période&#xa0;:</translation>
    </message>
    <message>
        <source>10 min: a point per sample; 2 h: 10-second averages; 24 h: 1-minute averages</source>
        <translation>10 min&#xa0;: un point par mesure&#xa0;; 2 h&#xa0;: moyennes sur 10 secondes&#xa0;; 24 h&#xa0;: moyennes sur 1 minute</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>Limite</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>Enforced by</source>
        <translation>Appliquée par</translation>
    </message>
    <message>
        <source>Select a worker to see its resources</source>
        <translation>Sélectionnez un worker pour voir ses ressources</translation>
    </message>
    <message>
        <source>No resource figures: %1</source>
        <translation>Aucune mesure de ressources&#xa0;: %1</translation>
    </message>
    <message>
        <source>No samples yet: the worker has had no process in this span</source>
        <translation>Pas encore de mesure&#xa0;: le worker n’a eu aucun processus sur cette période</translation>
    </message>
    <message>
        <source>%1 (%2 of the machine)</source>
        <translation>%1 (%2 de la machine)</translation>
    </message>
    <message>
        <source>read %1, write %2</source>
        <translation>lecture %1, écriture %2</translation>
    </message>
    <message>
        <source>Pause: cgroup freezer</source>
        <translation>Suspension&#xa0;: freezer du cgroup</translation>
    </message>
    <message>
        <source>Pause: SIGSTOP to its process group</source>
        <translation>Suspension&#xa0;: SIGSTOP à son groupe de processus</translation>
    </message>
    <message>
        <source>No limits configured</source>
        <translation>Aucune limite configurée</translation>
    </message>
    <message>
        <source>As configured: %1</source>
        <translation>Telle que configurée&#xa0;: %1</translation>
    </message>
    <message>
        <source>Enforced by the kernel: the worker cannot go past it</source>
        <translation>Appliquée par le noyau&#xa0;: le worker ne peut pas la dépasser</translation>
    </message>
    <message>
        <source>Watched by the agent: it can go past it until the next sample, then the policy applies</source>
        <translation>Surveillée par l’agent&#xa0;: il peut la dépasser jusqu’à la mesure suivante, puis la règle s’applique</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::SettingsDialog</name>
    <message>
        <source>Start the agent when I log in</source>
        <translation>Démarrer l’agent à ma connexion</translation>
    </message>
    <message>
        <source>Show the tray icon at login</source>
        <translation>Afficher l’icône de notification à la connexion</translation>
    </message>
    <message>
        <source>HSU Master settings</source>
        <translation>Paramètres de HSU Master</translation>
    </message>
    <message>
        <source>Autostart</source>
        <translation>Démarrage automatique</translation>
    </message>
    <message>
        <source>With the agent, start HSU Master in the tray, without its window</source>
        <translation>Avec l’agent, démarrer HSU Master dans la zone de notification, sans sa fenêtre</translation>
    </message>
    <message>
        <source>The agent runs the workers; this window is only a view of it. Closing the window or quitting never stops a worker.</source>
        <translation>L’agent exécute les workers&#xa0;; cette fenêtre n’en est qu’une vue. Fermer la fenêtre ou quitter n’arrête jamais un worker.</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Socket:</source>
        <translation>Socket&#xa0;:</translation>
    </message>
    <message>
        <source>(default)</source>
        <translation>(par défaut)</translation>
    </message>
    <message>
        <source>Config for “Start agent”:</source>
        <translation>Configuration pour «&#xa0;Démarrer l’agent&#xa0;»&#xa0;:</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Apparence</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Système</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Clair</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Sombre</translation>
    </message>
    <message>
        <source>System: the desktop&apos;s style and colours. Light, Dark: the Fusion style with a light or dark palette.</source>
        <translation>Système&#xa0;: style et couleurs du bureau. Clair, Sombre&#xa0;: le style Fusion avec une palette claire ou sombre.</translation>
    </message>
    <message>
        <source>Colours:</source>
        <translation>Couleurs&#xa0;:</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Langue du système</translation>
    </message>
    <message>
        <source>Takes effect the next time HSU Master starts.</source>
        <translation>Prend effet au prochain démarrage de HSU Master.</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Langue&#xa0;:</translation>
    </message>
    <message>
        <source>A new language takes effect the next time HSU Master starts.</source>
        <translation>Une nouvelle langue prend effet au prochain démarrage de HSU Master.</translation>
    </message>
    <message>
        <source>Autostart is not available in this build.</source>
        <translation>Le démarrage automatique n’est pas disponible dans cette version.</translation>
    </message>
    <message>
        <source>Could not change autostart: %1</source>
        <translation>Impossible de modifier le démarrage automatique&#xa0;: %1</translation>
    </message>
    <message>
        <source>Entry: %1 (system-wide)</source>
        <translation>Entrée&#xa0;: %1 (pour tout le système)</translation>
    </message>
    <message>
        <source>Entry: %1 (yours)</source>
        <translation>Entrée&#xa0;: %1 (la vôtre)</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::TrayController</name>
    <message>
        <source>HSU Master: no agent answers</source>
        <translation>HSU Master&#xa0;: aucun agent ne répond</translation>
    </message>
    <message>
        <source>HSU Master: all workers fine</source>
        <translation>HSU Master&#xa0;: tous les workers vont bien</translation>
    </message>
    <message>
        <source>HSU Master: some workers starting or waiting to restart</source>
        <translation>HSU Master&#xa0;: des workers démarrent ou attendent de redémarrer</translation>
    </message>
    <message>
        <source>HSU Master: some workers failed or are in a crash loop (%1)</source>
        <translation>HSU Master&#xa0;: des workers ont échoué ou plantent en boucle (%1)</translation>
    </message>
    <message>
        <source>HSU Master: some workers failed or are unhealthy</source>
        <translation>HSU Master&#xa0;: des workers ont échoué ou sont défaillants</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Démarrer</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Arrêter</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Redémarrer</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Suspendre</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Reprendre</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1 — failed: gave up after a crash loop</source>
        <translation>%1 — échoué&#xa0;: abandonné après des plantages en boucle</translation>
    </message>
    <message>
        <source>%1 — %2, crash loop (%3 restarts in a minute)</source>
        <translation>%1 — %2, plantages en boucle (%3 redémarrages en une minute)</translation>
    </message>
    <message>
        <source>Open HSU Master</source>
        <translation>Ouvrir HSU Master</translation>
    </message>
    <message>
        <source>No agent answers</source>
        <translation>Aucun agent ne répond</translation>
    </message>
    <message>
        <source>No workers</source>
        <translation>Aucun worker</translation>
    </message>
    <message numerus="yes">
        <source>%n more in the window…</source>
        <translation>
            <numerusform>%n autre dans la fenêtre…</numerusform>
            <numerusform>%n autres dans la fenêtre…</numerusform>
        </translation>
    </message>
    <message>
        <source>Start all</source>
        <translation>Tout démarrer</translation>
    </message>
    <message>
        <source>Stop all</source>
        <translation>Tout arrêter</translation>
    </message>
    <message>
        <source>Quit HSU Master (workers keep running)</source>
        <translation>Quitter HSU Master (les workers continuent)</translation>
    </message>
    <message>
        <source>Closes this window and the tray icon only; the agent and its workers keep running.</source>
        <translation>Ferme seulement cette fenêtre et l’icône de notification&#xa0;; l’agent et ses workers continuent de tourner.</translation>
    </message>
    <message>
        <source>%1 is in a crash loop</source>
        <translation>%1 plante en boucle</translation>
    </message>
    <message>
        <source>%1 restarts in the last minute. Last exit: %2</source>
        <translation>%1 redémarrages dans la dernière minute. Dernière sortie&#xa0;: %2</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation>%1 a échoué</translation>
    </message>
    <message>
        <source>The worker failed.</source>
        <translation>Le worker a échoué.</translation>
    </message>
    <message>
        <source>%1: %2 limit acted on</source>
        <translation>%1&#xa0;: la limite %2 a été appliquée</translation>
    </message>
    <message>
        <source>%1: %2 limit</source>
        <translation>%1&#xa0;: limite %2</translation>
    </message>
    <message>
        <source>%1 is unhealthy</source>
        <translation>%1 est défaillant</translation>
    </message>
    <message>
        <source>Its health check failed.</source>
        <translation>Son contrôle de santé a échoué.</translation>
    </message>
    <message>
        <source>Open HSU Master for details.</source>
        <translation>Ouvrez HSU Master pour les détails.</translation>
    </message>
    <message>
        <source>and %1 more</source>
        <translation>et %1 de plus</translation>
    </message>
    <message>
        <source>%1 workers need attention</source>
        <translation>%1 workers demandent attention</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::WorkerActions</name>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Démarrer</translation>
    </message>
    <message>
        <source>Start the selected workers (Ctrl+Enter)</source>
        <translation>Démarrer les workers sélectionnés (Ctrl+Entrée)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>A&amp;rrêter</translation>
    </message>
    <message>
        <source>Stop the selected workers (Ctrl+.)</source>
        <translation>Arrêter les workers sélectionnés (Ctrl+.)</translation>
    </message>
    <message>
        <source>&amp;Restart</source>
        <translation>R&amp;edémarrer</translation>
    </message>
    <message>
        <source>Restart the selected workers (Ctrl+R)</source>
        <translation>Redémarrer les workers sélectionnés (Ctrl+R)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Suspendre</translation>
    </message>
    <message>
        <source>Freeze the selected workers: their processes stay, but get no CPU (Ctrl+P)</source>
        <translation>Geler les workers sélectionnés&#xa0;: leurs processus restent, mais sans temps CPU (Ctrl+P)</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>Re&amp;prendre</translation>
    </message>
    <message>
        <source>Let the selected paused workers run again (Ctrl+Shift+P)</source>
        <translation>Relancer les workers sélectionnés suspendus (Ctrl+Maj+P)</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::WorkerPresentation</name>
    <message>
        <source>registered</source>
        <translation>enregistré</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>démarrage</translation>
    </message>
    <message>
        <source>running</source>
        <translation>en marche</translation>
    </message>
    <message>
        <source>stopping</source>
        <translation>arrêt en cours</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>arrêté</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>échoué</translation>
    </message>
    <message>
        <source>restarting</source>
        <translation>redémarrage</translation>
    </message>
    <message>
        <source>backoff</source>
        <translation>attente</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>suspendu</translation>
    </message>
    <message>
        <source>exited</source>
        <translation>terminé</translation>
    </message>
    <message>
        <source>healthy</source>
        <translation>sain</translation>
    </message>
    <message>
        <source>degraded</source>
        <translation>dégradé</translation>
    </message>
    <message>
        <source>unhealthy</source>
        <translation>défaillant</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <source>%1d %2h</source>
        <translation>%1 j %2 h</translation>
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
        <translation>signal %1</translation>
    </message>
    <message>
        <source>exit %1</source>
        <translation>sortie %1</translation>
    </message>
    <message numerus="yes">
        <source>%n workers, %1 running</source>
        <translation>
            <numerusform>%n worker, %1 en marche</numerusform>
            <numerusform>%n workers, %1 en marche</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> · %n need attention</source>
        <translation>
            <numerusform> · %n demande attention</numerusform>
            <numerusform> · %n demandent attention</numerusform>
        </translation>
    </message>
    <message>
        <source>Unmanaged: a process the agent did not start. It is found, watched and sampled; its output is not captured.</source>
        <translation>Non géré&#xa0;: un processus que l’agent n’a pas démarré. Il est trouvé, surveillé et mesuré&#xa0;; sa sortie n’est pas capturée.</translation>
    </message>
    <message>
        <source>It may not be stopped.</source>
        <translation>Il ne peut pas être arrêté.</translation>
    </message>
    <message>
        <source>It may not be restarted.</source>
        <translation>Il ne peut pas être redémarré.</translation>
    </message>
    <message>
        <source>No signal may be sent to it.</source>
        <translation>Aucun signal ne peut lui être envoyé.</translation>
    </message>
    <message>
        <source>Signals it may be sent: %1.</source>
        <translation>Signaux qui peuvent lui être envoyés&#xa0;: %1.</translation>
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
        <translation>identifiant&#xa0;: %1
nom&#xa0;: %2
type&#xa0;: %3</translation>
    </message>
    <message>
        <source>Re-adopted: started by an earlier agent and taken back by this one (after a crash, an upgrade or a restart of the agent). Its exit status will not be known.</source>
        <translation>Repris&#xa0;: démarré par un agent précédent et repris par celui-ci (après un plantage, une mise à jour ou un redémarrage de l’agent). Son code de sortie ne sera pas connu.</translation>
    </message>
    <message>
        <source>No health check (or one this agent does not run)</source>
        <translation>Aucun contrôle de santé (ou un contrôle que cet agent n’exécute pas)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1&#xa0;: %2</translation>
    </message>
    <message>
        <source> (the check that said so took %1 ms)</source>
        <translation> (le contrôle qui l’a indiqué a pris %1 ms)</translation>
    </message>
    <message>
        <source>No sample from the agent yet</source>
        <translation>Pas encore de mesure de l’agent</translation>
    </message>
    <message>
        <source>No process is running</source>
        <translation>Aucun processus en marche</translation>
    </message>
    <message>
        <source>%1 of one core (%2 of the machine)</source>
        <translation>%1 d’un cœur (%2 de la machine)</translation>
    </message>
    <message>
        <source>resident %1, virtual %2</source>
        <translation>résidente %1, virtuelle %2</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>Worker</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>Durée</translation>
    </message>
    <message>
        <source>Restarts</source>
        <translation>Redémarrages</translation>
    </message>
    <message>
        <source>Last exit</source>
        <translation>Dernière sortie</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Santé</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Mémoire</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::WorkerTableView</name>
    <message>
        <source>Send &amp;signal</source>
        <translation>Envoyer un &amp;signal</translation>
    </message>
    <message numerus="yes">
        <source>Copy ID</source>
        <translation>
            <numerusform>Copier l’identifiant</numerusform>
            <numerusform>Copier les identifiants</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>hsu::desktop::editor::AddWorkerDialog</name>
    <message>
        <source>Add a program</source>
        <translation>Ajouter un programme</translation>
    </message>
    <message>
        <source>HSU Master starts the program, keeps it running and keeps its output. Type the command as you would in a terminal, or choose the program file.</source>
        <translation>HSU Master démarre le programme, le maintient en marche et conserve sa sortie. Saisissez la commande comme dans un terminal, ou choisissez le fichier du programme.</translation>
    </message>
    <message>
        <source>e.g. python3 -m http.server 8000</source>
        <translation>p. ex. python3 -m http.server 8000</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>Choose the program</source>
        <translation>Choisir le programme</translation>
    </message>
    <message>
        <source>&amp;Command:</source>
        <translation>&amp;Commande&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Id:</source>
        <translation>&amp;Identifiant&#xa0;:</translation>
    </message>
    <message>
        <source>Optional: shown instead of the id</source>
        <translation>Facultatif&#xa0;: affiché à la place de l’identifiant</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nom&#xa0;:</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Ajouter</translation>
    </message>
    <message>
        <source>Enter a command.</source>
        <translation>Saisissez une commande.</translation>
    </message>
    <message>
        <source>“%1” is not a program in PATH.</source>
        <translation>«&#xa0;%1&#xa0;» n’est pas un programme du PATH.</translation>
    </message>
    <message>
        <source>%1 is not an executable file here (it can still be added; the agent reports it when it starts).</source>
        <translation>%1 n’est pas un fichier exécutable ici (il peut quand même être ajouté&#xa0;; l’agent le signalera au démarrage).</translation>
    </message>
    <message>
        <source>The id must start with a letter or digit and hold only letters, digits, &apos;.&apos;, &apos;-&apos; and &apos;_&apos;.</source>
        <translation>L’identifiant doit commencer par une lettre ou un chiffre et ne contenir que des lettres, des chiffres, &apos;.&apos;, &apos;-&apos; et &apos;_&apos;.</translation>
    </message>
    <message>
        <source>A worker “%1” exists already.</source>
        <translation>Un worker «&#xa0;%1&#xa0;» existe déjà.</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::editor::ConfigEditor</name>
    <message numerus="yes">
        <source>%n added</source>
        <translation>
            <numerusform>%n ajouté</numerusform>
            <numerusform>%n ajoutés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n removed</source>
        <translation>
            <numerusform>%n supprimé</numerusform>
            <numerusform>%n supprimés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n restarted</source>
        <translation>
            <numerusform>%n redémarré</numerusform>
            <numerusform>%n redémarrés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n changed without a restart</source>
        <translation>
            <numerusform>%n modifié sans redémarrage</numerusform>
            <numerusform>%n modifiés sans redémarrage</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unchanged</source>
        <translation>
            <numerusform>%n inchangé</numerusform>
            <numerusform>%n inchangés</numerusform>
        </translation>
    </message>
    <message>
        <source>Edit config — HSU Master</source>
        <translation>Modifier la configuration — HSU Master</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>Fusionner</translation>
    </message>
    <message>
        <source>Keep the changes on disk and apply yours on top, worker by worker</source>
        <translation>Garder les modifications sur le disque et appliquer les vôtres par-dessus, worker par worker</translation>
    </message>
    <message>
        <source>Reload from disk</source>
        <translation>Recharger depuis le disque</translation>
    </message>
    <message>
        <source>Drop your changes and show the file as it is on disk</source>
        <translation>Abandonner vos modifications et afficher le fichier tel qu’il est sur le disque</translation>
    </message>
    <message>
        <source>Save mine anyway</source>
        <translation>Enregistrer les miennes quand même</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Masquer</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>Worker</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Changement</translation>
    </message>
    <message>
        <source>&amp;Form</source>
        <translation>&amp;Formulaire</translation>
    </message>
    <message>
        <source>&amp;YAML</source>
        <translation>&amp;YAML</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Enregistrer</translation>
    </message>
    <message>
        <source>Save and apply: the agent checks the file again, keeps a backup and reloads</source>
        <translation>Enregistrer et appliquer&#xa0;: l’agent vérifie de nouveau le fichier, garde une sauvegarde et recharge</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Annuler</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Rétablir</translation>
    </message>
    <message>
        <source>&amp;Add worker…</source>
        <translation>Ajouter un &amp;worker…</translation>
    </message>
    <message>
        <source>&amp;Duplicate</source>
        <translation>&amp;Dupliquer</translation>
    </message>
    <message>
        <source>Re&amp;move…</source>
        <translation>&amp;Supprimer…</translation>
    </message>
    <message>
        <source>&amp;Import workers…</source>
        <translation>&amp;Importer des workers…</translation>
    </message>
    <message>
        <source>Add the workers of another HSU Master or procman file (written in the HSU Master dialect)</source>
        <translation>Ajouter les workers d’un autre fichier HSU Master ou procman (écrit dans le dialecte HSU Master)</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>Re&amp;venir</translation>
    </message>
    <message>
        <source>Load the agent&apos;s config again, dropping unsaved changes</source>
        <translation>Recharger la configuration de l’agent en abandonnant les modifications non enregistrées</translation>
    </message>
    <message>
        <source>Editor</source>
        <translation>Éditeur</translation>
    </message>
    <message>
        <source>Cannot read the agent&apos;s config: %1</source>
        <translation>Impossible de lire la configuration de l’agent&#xa0;: %1</translation>
    </message>
    <message>
        <source>%1 — Edit config — HSU Master</source>
        <translation>%1 — Modifier la configuration — HSU Master</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
    <message numerus="yes">
        <source>No errors, %n warning(s)</source>
        <translation>
            <numerusform>Aucune erreur, %n avertissement</numerusform>
            <numerusform>Aucune erreur, %n avertissements</numerusform>
        </translation>
    </message>
    <message>
        <source>No errors</source>
        <translation>Aucune erreur</translation>
    </message>
    <message numerus="yes">
        <source>%n error(s): Save is off until they are fixed</source>
        <translation>
            <numerusform>%n erreur&#xa0;: enregistrement impossible avant sa correction</numerusform>
            <numerusform>%n erreurs&#xa0;: enregistrement impossible avant leur correction</numerusform>
        </translation>
    </message>
    <message>
        <source>The YAML has errors (listed under the YAML view). Fix them there, or undo, to use the form again.</source>
        <translation>Le YAML contient des erreurs (listées sous la vue YAML). Corrigez-les là, ou annulez, pour utiliser de nouveau le formulaire.</translation>
    </message>
    <message>
        <source>new</source>
        <translation>nouveau</translation>
    </message>
    <message>
        <source>changed: restarts</source>
        <translation>modifié&#xa0;: redémarre</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>modifié</translation>
    </message>
    <message>
        <source>removed: stops</source>
        <translation>supprimé&#xa0;: s’arrête</translation>
    </message>
    <message>
        <source>This file is in the HSU procman dialect. The form writes the HSU Master dialect: edit it in the YAML view, or import it into an HSU Master file.</source>
        <translation>Ce fichier est dans le dialecte HSU procman. Le formulaire écrit le dialecte HSU Master&#xa0;: modifiez-le dans la vue YAML, ou importez-le dans un fichier HSU Master.</translation>
    </message>
    <message>
        <source>No workers yet: “Add worker…” adds your first program.</source>
        <translation>Aucun worker pour l’instant&#xa0;: «&#xa0;Ajouter un worker…&#xa0;» ajoute votre premier programme.</translation>
    </message>
    <message>
        <source>Select a worker on the left.</source>
        <translation>Sélectionnez un worker à gauche.</translation>
    </message>
    <message>
        <source>The form cannot find worker “%1” in the text; edit it in the YAML view.</source>
        <translation>Le formulaire ne trouve pas le worker «&#xa0;%1&#xa0;» dans le texte&#xa0;; modifiez-le dans la vue YAML.</translation>
    </message>
    <message>
        <source>Fix the errors in the YAML first.</source>
        <translation>Corrigez d’abord les erreurs du YAML.</translation>
    </message>
    <message>
        <source>Remove “%1” from the config?

When you save, the agent stops it; its log files stay.</source>
        <translation>Retirer «&#xa0;%1&#xa0;» de la configuration&#xa0;?

À l’enregistrement, l’agent l’arrête&#xa0;; ses fichiers journaux restent.</translation>
    </message>
    <message>
        <source>Remove “%1” from the config?</source>
        <translation>Retirer «&#xa0;%1&#xa0;» de la configuration&#xa0;?</translation>
    </message>
    <message>
        <source>Remove worker</source>
        <translation>Retirer le worker</translation>
    </message>
    <message>
        <source>Import workers</source>
        <translation>Importer des workers</translation>
    </message>
    <message>
        <source>YAML files (*.yaml *.yml);;All files (*)</source>
        <translation>Fichiers YAML (*.yaml *.yml);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>%1 cannot be loaded:
%2</source>
        <translation>%1 ne peut pas être chargé&#xa0;:
%2</translation>
    </message>
    <message>
        <source>Not imported (the id is taken, or the text has errors): %1</source>
        <translation>Non importés (identifiant déjà pris, ou texte erroné)&#xa0;: %1</translation>
    </message>
    <message>
        <source>The file was changed on disk since you opened it. Merge keeps those changes and applies yours worker by worker; Reload drops yours.</source>
        <translation>Le fichier a été modifié sur le disque depuis que vous l’avez ouvert. Fusionner garde ces modifications et applique les vôtres worker par worker&#xa0;; Recharger abandonne les vôtres.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Enregistrement…</translation>
    </message>
    <message>
        <source>Not saved — the agent refused it:
%1</source>
        <translation>Non enregistré — l’agent l’a refusé&#xa0;:
%1</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>Non enregistré</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>Enregistré&#xa0;: %1</translation>
    </message>
    <message>
        <source>The file was changed on disk while you were editing it.</source>
        <translation>Le fichier a été modifié sur le disque pendant que vous le modifiiez.</translation>
    </message>
    <message>
        <source>Cannot merge: %1</source>
        <translation>Fusion impossible&#xa0;: %1</translation>
    </message>
    <message>
        <source>Merged with the file on disk. Review, then save.</source>
        <translation>Fusionné avec le fichier sur le disque. Relisez, puis enregistrez.</translation>
    </message>
    <message>
        <source>Merged; changed on both sides (yours kept): %1. Review, then save.</source>
        <translation>Fusionné&#xa0;; modifié des deux côtés (les vôtres gardées)&#xa0;: %1. Relisez, puis enregistrez.</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Modifications non enregistrées</translation>
    </message>
    <message>
        <source>Save your changes to the config?</source>
        <translation>Enregistrer vos modifications de la configuration&#xa0;?</translation>
    </message>
    <message>
        <source>The worker was not added: %1</source>
        <translation>Le worker n’a pas été ajouté&#xa0;: %1</translation>
    </message>
    <message>
        <source>This worker&apos;s YAML uses ${…} variables and has comments. The form shows the variables&apos; values here, and an edit in the form writes those values in their place and drops the comments. Edit it in the YAML view to keep both.</source>
        <translation>Le YAML de ce worker utilise des variables ${…} et contient des commentaires. Le formulaire affiche ici les valeurs des variables&#xa0;; une modification dans le formulaire écrit ces valeurs à leur place et supprime les commentaires. Modifiez-le dans la vue YAML pour garder les deux.</translation>
    </message>
    <message>
        <source>This worker&apos;s YAML uses ${…} variables. The form shows their values here, and an edit in the form writes those values in their place. Edit it in the YAML view to keep the variables.</source>
        <translation>Le YAML de ce worker utilise des variables ${…}. Le formulaire affiche ici leurs valeurs&#xa0;; une modification dans le formulaire écrit ces valeurs à leur place. Modifiez-le dans la vue YAML pour garder les variables.</translation>
    </message>
    <message>
        <source>This worker&apos;s YAML has comments, which an edit in the form drops. Edit it in the YAML view to keep them.</source>
        <translation>Le YAML de ce worker contient des commentaires, qu’une modification dans le formulaire supprime. Modifiez-le dans la vue YAML pour les garder.</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::editor::ConfigMerge</name>
    <message>
        <source>your text has errors</source>
        <translation>votre texte contient des erreurs</translation>
    </message>
    <message>
        <source>the file on disk has errors</source>
        <translation>le fichier sur le disque contient des erreurs</translation>
    </message>
    <message>
        <source>top-level settings (kept as on disk)</source>
        <translation>réglages de premier niveau (gardés tels que sur le disque)</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::editor::DiagnosticsList</name>
    <message>
        <source>Line</source>
        <translation>Ligne</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problème</translation>
    </message>
    <message>
        <source>Fix</source>
        <translation>Correction</translation>
    </message>
    <message>
        <source>Use “%1”</source>
        <translation>Utiliser «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>Replace the misspelt word on line %1</source>
        <translation>Remplacer le mot mal orthographié à la ligne %1</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::editor::WorkerForm</name>
    <message>
        <source>Select a worker on the left, or add one.</source>
        <translation>Sélectionnez un worker à gauche, ou ajoutez-en un.</translation>
    </message>
    <message>
        <source>Program</source>
        <translation>Programme</translation>
    </message>
    <message>
        <source>Unique id: letters, digits, &apos;-&apos; and &apos;_&apos;. Logs and hsuctl use it.</source>
        <translation>Identifiant unique&#xa0;: lettres, chiffres, &apos;-&apos; et &apos;_&apos;. Les journaux et hsuctl l’utilisent.</translation>
    </message>
    <message>
        <source>Shown in the window instead of the id</source>
        <translation>Affiché dans la fenêtre à la place de l’identifiant</translation>
    </message>
    <message>
        <source>&amp;Id:</source>
        <translation>&amp;Identifiant&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nom&#xa0;:</translation>
    </message>
    <message>
        <source>A program, or a whole command line</source>
        <translation>Un programme, ou une ligne de commande entière</translation>
    </message>
    <message>
        <source>Type a command line to split it into program and arguments; a program name is looked up in PATH and written as an absolute path.</source>
        <translation>Saisissez une ligne de commande pour la séparer en programme et arguments&#xa0;; un nom de programme est cherché dans le PATH et écrit en chemin absolu.</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>&amp;Program:</source>
        <translation>&amp;Programme&#xa0;:</translation>
    </message>
    <message>
        <source>Arguments, quoted as in a shell</source>
        <translation>Arguments, entre guillemets comme dans un shell</translation>
    </message>
    <message>
        <source>&amp;Arguments:</source>
        <translation>&amp;Arguments&#xa0;:</translation>
    </message>
    <message>
        <source>Variable</source>
        <translation>Variable</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>Add variable</source>
        <translation>Ajouter une variable</translation>
    </message>
    <message>
        <source>Remove variable</source>
        <translation>Retirer la variable</translation>
    </message>
    <message>
        <source>&amp;Environment:</source>
        <translation>&amp;Environnement&#xa0;:</translation>
    </message>
    <message>
        <source>The program&apos;s folder</source>
        <translation>Le dossier du programme</translation>
    </message>
    <message>
        <source>Working &amp;folder:</source>
        <translation>&amp;Dossier de travail&#xa0;:</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Redémarrage</translation>
    </message>
    <message>
        <source>never: leave it ended; on-failure: restart after a crash or a non-zero exit; always: restart whenever it ends; unless-stopped: as always, but not after you stopped it</source>
        <translation>never&#xa0;: le laisser terminé&#xa0;; on-failure&#xa0;: redémarrer après un plantage ou une sortie non nulle&#xa0;; always&#xa0;: redémarrer chaque fois qu’il se termine&#xa0;; unless-stopped&#xa0;: comme always, sauf après un arrêt de votre part</translation>
    </message>
    <message>
        <source>Restarts in a row before the worker is given up as failed</source>
        <translation>Redémarrages consécutifs avant que le worker soit abandonné comme en échec</translation>
    </message>
    <message>
        <source>&amp;Policy:</source>
        <translation>&amp;Règle&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Retries:</source>
        <translation>&amp;Tentatives&#xa0;:</translation>
    </message>
    <message>
        <source>First &amp;delay:</source>
        <translation>Premier dé&amp;lai&#xa0;:</translation>
    </message>
    <message>
        <source>Limits (0: none)</source>
        <translation>Limites (0&#xa0;: aucune)</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>sans limite</translation>
    </message>
    <message>
        <source> cores</source>
        <translation> cœurs</translation>
    </message>
    <message>
        <source>&amp;Memory:</source>
        <translation>&amp;Mémoire&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;CPU:</source>
        <translation>&amp;CPU&#xa0;:</translation>
    </message>
    <message>
        <source>P&amp;rocesses:</source>
        <translation>Pr&amp;ocessus&#xa0;:</translation>
    </message>
    <message>
        <source>Health check</source>
        <translation>Contrôle de santé</translation>
    </message>
    <message>
        <source>Failed checks in a row before the worker counts as unhealthy</source>
        <translation>Contrôles échoués consécutifs avant que le worker soit considéré comme défaillant</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>&amp;Genre&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Target:</source>
        <translation>Ci&amp;ble&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Every:</source>
        <translation>Inter&amp;valle&#xa0;:</translation>
    </message>
    <message>
        <source>Fai&amp;lures:</source>
        <translation>Éc&amp;hecs&#xa0;:</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Journaux</translation>
    </message>
    <message>
        <source>&amp;Keep the program&apos;s output in log files</source>
        <translation>Garder la sortie du programme dans des fichiers &amp;journaux</translation>
    </message>
    <message>
        <source>Standard &amp;output</source>
        <translation>Sortie &amp;standard</translation>
    </message>
    <message>
        <source>Standard &amp;error</source>
        <translation>Sortie d’erre&amp;ur</translation>
    </message>
    <message>
        <source>“%1” is an unmanaged worker: HSU Master finds it, it does not start it. Edit how it is found in the YAML view.</source>
        <translation>«&#xa0;%1&#xa0;» est un worker non géré&#xa0;: HSU Master le trouve, il ne le démarre pas. Modifiez la façon de le trouver dans la vue YAML.</translation>
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
        <translation>Une commande qui se termine avec 0 quand tout va bien</translation>
    </message>
    <message>
        <source>127.0.0.1:50051</source>
        <translation>127.0.0.1:50051</translation>
    </message>
    <message>
        <source>Choose the program</source>
        <translation>Choisir le programme</translation>
    </message>
    <message>
        <source>Choose the working folder</source>
        <translation>Choisir le dossier de travail</translation>
    </message>
    <message>
        <source>Held by the kernel: a fork beyond it fails</source>
        <translation>Tenu par le noyau&#xa0;: un fork au-delà échoue</translation>
    </message>
    <message>
        <source>What happens above the memory limit: restart the worker, let the kernel end it (immediate_kill), reclaim and slow it (throttle), or only log and alert</source>
        <translation>Ce qui se passe au-delà de la limite de mémoire&#xa0;: redémarrer le worker, laisser le noyau l’arrêter (immediate_kill), récupérer sa mémoire et le ralentir (throttle), ou seulement journaliser et alerter</translation>
    </message>
    <message>
        <source>What happens above the CPU limit: throttle holds it to the limit (cgroup cpu.max); the others act after it stays above for a while</source>
        <translation>Ce qui se passe au-delà de la limite CPU&#xa0;: throttle le maintient à la limite (cgroup cpu.max)&#xa0;; les autres n’agissent que s’il reste au-dessus un moment</translation>
    </message>
    <message>
        <source>when exceeded:</source>
        <translation>en cas de dépassement&#xa0;:</translation>
    </message>
    <message>
        <source>Time the program gets to start before the first check (a server that opens its port late would otherwise count as failing)</source>
        <translation>Temps laissé au programme pour démarrer avant le premier contrôle (un serveur qui ouvre son port tard serait sinon considéré en échec)</translation>
    </message>
    <message>
        <source>First check &amp;after:</source>
        <translation>Premier contrôle dif&amp;féré de&#xa0;:</translation>
    </message>
    <message>
        <source>Edit here anyway</source>
        <translation>Modifier ici quand même</translation>
    </message>
</context>
<context>
    <name>hsu::desktop::editor::YamlEdit</name>
    <message>
        <source>Error: %1</source>
        <translation>Erreur&#xa0;: %1</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Avertissement&#xa0;: %1</translation>
    </message>
</context>
</TS>
