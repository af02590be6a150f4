
use builtin;
use str;

set edit:completion:arg-completer[botctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'botctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'botctl'= {
            cand --db 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour (`NO_COLOR` turns it off under `auto`)'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand status 'Show one contact: status, reason, timer, bot messages and what the bot does now'
            cand set 'Set contacts `active`, `snoozed` or `inactive` (no arguments on a terminal: ask)'
            cand snooze 'Snooze contacts for a while (`--for`, `--until`, else the `sleep-time` setting)'
            cand wake 'Make contacts active now'
            cand list 'List contacts, with filters, as a table or for programs'
            cand sweep 'Write down every timer that has run out (run it from cron every minute)'
            cand check 'May the bot answer this contact now? Prints reply, suggest or silent; exit 3 when silent'
            cand record 'Record a message event and apply the bot''s rules to the contact'
            cand history 'Show the history of status changes, newest first'
            cand undo 'Put back every contact a batch changed, as it was before'
            cand contacts 'Add, import or remove contacts'
            cand mode 'Show or set the workspace''s bot mode: off, suggestive or autopilot'
            cand config 'Show or change the settings'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'botctl;status'= {
            cand --format 'Output format (`table` is a table on a terminal, tab-separated text otherwise)'
            cand --db 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour (`NO_COLOR` turns it off under `auto`)'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;set'= {
            cand --for 'Turn active again after this long (`90m`, `1h 30m`, `2days`)'
            cand --until 'Turn active again at this time (RFC 3339, or `YYYY-MM-DD HH:MM[:SS]` local time)'
            cand --stdin-csv 'Read contact ids from column COLUMN (its header name, or its number from 1) of a CSV file with a header row on stdin'
            cand --db 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour (`NO_COLOR` turns it off under `auto`)'
            cand --create-missing 'Create contacts that do not exist yet instead of refusing'
            cand --stdin 'Read contact ids from stdin, one per line (same as the single argument `-`)'
            cand -y 'Do not ask for confirmation (required off a terminal to change more than one contact)'
            cand --yes 'Do not ask for confirmation (required off a terminal to change more than one contact)'
            cand --dry-run 'Show what would change, and change nothing'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;snooze'= {
            cand --for 'Turn active again after this long (`90m`, `1h 30m`, `2days`)'
            cand --until 'Turn active again at this time (RFC 3339, or `YYYY-MM-DD HH:MM[:SS]` local time)'
            cand --stdin-csv 'Read contact ids from column COLUMN (its header name, or its number from 1) of a CSV file with a header row on stdin'
            cand --db 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour (`NO_COLOR` turns it off under `auto`)'
            cand --create-missing 'Create contacts that do not exist yet instead of refusing'
            cand --stdin 'Read contact ids from stdin, one per line (same as the single argument `-`)'
            cand -y 'Do not ask for confirmation (required off a terminal to change more than one contact)'
            cand --yes 'Do not ask for confirmation (required off a terminal to change more than one contact)'
            cand --dry-run 'Show what would change, and change nothing'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;wake'= {
            cand --stdin-csv 'Read contact ids from column COLUMN (its header name, or its number from 1) of a CSV file with a header row on stdin'
            cand --db 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour (`NO_COLOR` turns it off under `auto`)'
            cand --create-missing 'Create contacts that do not exist yet instead of refusing'
            cand --stdin 'Read contact ids from stdin, one per line (same as the single argument `-`)'
            cand -y 'Do not ask for confirmation (required off a terminal to change more than one contact)'
            cand --yes 'Do not ask for confirmation (required off a terminal to change more than one contact)'
            cand --dry-run 'Show what would change, and change nothing'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;list'= {
            cand --status 'Only contacts with this (effective) status; repeat for several'
            cand --reason 'Only contacts whose status has this reason'
            cand --waking-within 'Only contacts whose timer runs out within this duration'
            cand --search 'Only contacts whose id or name contains this text, ignoring case in any script (text starting with `-`: `--search=-x`)'
            cand --limit 'At most this many contacts (on a terminal the table shows 50 unless this is given)'
            cand --format 'Output format (`table` is a table on a terminal, tab-separated text otherwise)'
            cand --db 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour (`NO_COLOR` turns it off under `auto`)'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;sweep'= {
            cand --format 'Output format (`table` is a table on a terminal, tab-separated text otherwise)'
            cand --db 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour (`NO_COLOR` turns it off under `auto`)'
            cand --dry-run 'Show which contacts would wake, and change nothing'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;check'= {
            cand --format '`json` prints an object with the answer and its reason'
            cand --db 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour (`NO_COLOR` turns it off under `auto`)'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;record'= {
            cand --format 'Output format (`table` is a table on a terminal, tab-separated text otherwise)'
            cand --db 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour (`NO_COLOR` turns it off under `auto`)'
            cand --create-missing 'Create the contact if it does not exist yet'
            cand --dry-run 'Show what would change, and change nothing'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;history'= {
            cand --since 'Only changes since this long ago (`2h`, `7days`) or this time'
            cand --limit 'At most this many rows'
            cand --format 'Output format (`table` is a table on a terminal, tab-separated text otherwise)'
            cand --db 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour (`NO_COLOR` turns it off under `auto`)'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;undo'= {
            cand --db 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour (`NO_COLOR` turns it off under `auto`)'
            cand --force 'Skip contacts that changed again since the batch, and undo the rest'
            cand --dry-run 'Show what would change, and change nothing'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;contacts'= {
            cand --db 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour (`NO_COLOR` turns it off under `auto`)'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Add one contact'
            cand import 'Add or update contacts from a CSV file with a header row (`-`: stdin)'
            cand remove 'Remove contacts (their history stays)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'botctl;contacts;add'= {
            cand --name 'name'
            cand --phone 'phone'
            cand --email 'email'
            cand --db 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour (`NO_COLOR` turns it off under `auto`)'
            cand --dry-run 'Show what would change, and change nothing'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;contacts;import'= {
            cand --db 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour (`NO_COLOR` turns it off under `auto`)'
            cand --dry-run 'Show what would change, and change nothing'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;contacts;remove'= {
            cand --stdin-csv 'Read contact ids from column COLUMN (its header name, or its number from 1) of a CSV file with a header row on stdin'
            cand --db 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour (`NO_COLOR` turns it off under `auto`)'
            cand --stdin 'Read contact ids from stdin, one per line (same as the single argument `-`)'
            cand -y 'Do not ask for confirmation (required off a terminal to change more than one contact)'
            cand --yes 'Do not ask for confirmation (required off a terminal to change more than one contact)'
            cand --dry-run 'Show what would change, and change nothing'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;contacts;help'= {
            cand add 'Add one contact'
            cand import 'Add or update contacts from a CSV file with a header row (`-`: stdin)'
            cand remove 'Remove contacts (their history stays)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'botctl;contacts;help;add'= {
        }
        &'botctl;contacts;help;import'= {
        }
        &'botctl;contacts;help;remove'= {
        }
        &'botctl;contacts;help;help'= {
        }
        &'botctl;mode'= {
            cand --db 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour (`NO_COLOR` turns it off under `auto`)'
            cand --dry-run 'Show what would change, and change nothing'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;config'= {
            cand --format 'Output format of the list (`table` or `json`)'
            cand --db 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour (`NO_COLOR` turns it off under `auto`)'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand get 'Print one setting''s value'
            cand set 'Change a setting'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'botctl;config;get'= {
            cand --db 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour (`NO_COLOR` turns it off under `auto`)'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;config;set'= {
            cand --db 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour (`NO_COLOR` turns it off under `auto`)'
            cand --dry-run 'Show what would change, and change nothing'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;config;help'= {
            cand get 'Print one setting''s value'
            cand set 'Change a setting'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'botctl;config;help;get'= {
        }
        &'botctl;config;help;set'= {
        }
        &'botctl;config;help;help'= {
        }
        &'botctl;completions'= {
            cand --db 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour (`NO_COLOR` turns it off under `auto`)'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;help'= {
            cand status 'Show one contact: status, reason, timer, bot messages and what the bot does now'
            cand set 'Set contacts `active`, `snoozed` or `inactive` (no arguments on a terminal: ask)'
            cand snooze 'Snooze contacts for a while (`--for`, `--until`, else the `sleep-time` setting)'
            cand wake 'Make contacts active now'
            cand list 'List contacts, with filters, as a table or for programs'
            cand sweep 'Write down every timer that has run out (run it from cron every minute)'
            cand check 'May the bot answer this contact now? Prints reply, suggest or silent; exit 3 when silent'
            cand record 'Record a message event and apply the bot''s rules to the contact'
            cand history 'Show the history of status changes, newest first'
            cand undo 'Put back every contact a batch changed, as it was before'
            cand contacts 'Add, import or remove contacts'
            cand mode 'Show or set the workspace''s bot mode: off, suggestive or autopilot'
            cand config 'Show or change the settings'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'botctl;help;status'= {
        }
        &'botctl;help;set'= {
        }
        &'botctl;help;snooze'= {
        }
        &'botctl;help;wake'= {
        }
        &'botctl;help;list'= {
        }
        &'botctl;help;sweep'= {
        }
        &'botctl;help;check'= {
        }
        &'botctl;help;record'= {
        }
        &'botctl;help;history'= {
        }
        &'botctl;help;undo'= {
        }
        &'botctl;help;contacts'= {
            cand add 'Add one contact'
            cand import 'Add or update contacts from a CSV file with a header row (`-`: stdin)'
            cand remove 'Remove contacts (their history stays)'
        }
        &'botctl;help;contacts;add'= {
        }
        &'botctl;help;contacts;import'= {
        }
        &'botctl;help;contacts;remove'= {
        }
        &'botctl;help;mode'= {
        }
        &'botctl;help;config'= {
            cand get 'Print one setting''s value'
            cand set 'Change a setting'
        }
        &'botctl;help;config;get'= {
        }
        &'botctl;help;config;set'= {
        }
        &'botctl;help;completions'= {
        }
        &'botctl;help;help'= {
        }
    ]
    $completions[$command]
}
