
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
            cand --db 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -v 'Say on stderr which database the command used and how long it took'
            cand --verbose 'Say on stderr which database the command used and how long it took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
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
            cand stats 'The workspace at a glance: statuses, wakes due, changes per day, most active actors'
            cand contacts 'Add, import or remove contacts'
            cand mode 'Show or set the workspace''s bot mode: off, suggestive or autopilot'
            cand config 'Show or change the settings'
            cand copy 'Copy a whole workspace into an empty database (a file or PostgreSQL, either way)'
            cand completions 'Print a shell completion script (it completes contact ids, batch ids and setting keys too)'
            cand man 'Print the manual page (roff), as kept under `man/`'
            cand doctor 'Check the database and its surroundings: integrity, schema, file modes, the sweeper'
            cand backup 'Copy the whole database consistently while others keep working (safe from cron)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'botctl;status'= {
            cand --db 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)'
            cand --format 'Output format: text for people, or one JSON object'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -v 'Say on stderr which database the command used and how long it took'
            cand --verbose 'Say on stderr which database the command used and how long it took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;set'= {
            cand --db 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)'
            cand --for 'Turn active again after this long (`90m`, `1h 30m`, `2days`)'
            cand --until 'Turn active again at this time: `HH:MM`, `tomorrow [HH:MM]`, `monday [HH:MM]`, `next-week`, `YYYY-MM-DD HH:MM[:SS]` (local) or RFC 3339'
            cand --stdin-csv 'Read contact ids from column COLUMN (its header name, or its number from 1) of a CSV file with a header row on stdin'
            cand --note 'A note kept with this change in the history (at most 1000 bytes), e.g. "customer asked for a human"'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -v 'Say on stderr which database the command used and how long it took'
            cand --verbose 'Say on stderr which database the command used and how long it took'
            cand --create-missing 'Create contacts that do not exist yet instead of refusing'
            cand --stdin 'Read contact ids from stdin, one per line (same as the single argument `-`)'
            cand -y 'Do not ask for confirmation (required off a terminal to change more than one contact)'
            cand --yes 'Do not ask for confirmation (required off a terminal to change more than one contact)'
            cand --dry-run 'Show what would change, and change nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;snooze'= {
            cand --db 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)'
            cand --for 'Turn active again after this long (`90m`, `1h 30m`, `2days`)'
            cand --until 'Turn active again at this time: `HH:MM`, `tomorrow [HH:MM]`, `monday [HH:MM]`, `next-week`, `YYYY-MM-DD HH:MM[:SS]` (local) or RFC 3339'
            cand --extend 'Push each contact''s existing timer later by this long (`30m`, `1h`)'
            cand --stdin-csv 'Read contact ids from column COLUMN (its header name, or its number from 1) of a CSV file with a header row on stdin'
            cand --note 'A note kept with this change in the history (at most 1000 bytes), e.g. "customer asked for a human"'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -v 'Say on stderr which database the command used and how long it took'
            cand --verbose 'Say on stderr which database the command used and how long it took'
            cand --create-missing 'Create contacts that do not exist yet instead of refusing'
            cand --stdin 'Read contact ids from stdin, one per line (same as the single argument `-`)'
            cand -y 'Do not ask for confirmation (required off a terminal to change more than one contact)'
            cand --yes 'Do not ask for confirmation (required off a terminal to change more than one contact)'
            cand --dry-run 'Show what would change, and change nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;wake'= {
            cand --db 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)'
            cand --stdin-csv 'Read contact ids from column COLUMN (its header name, or its number from 1) of a CSV file with a header row on stdin'
            cand --note 'A note kept with this change in the history (at most 1000 bytes), e.g. "customer asked for a human"'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -v 'Say on stderr which database the command used and how long it took'
            cand --verbose 'Say on stderr which database the command used and how long it took'
            cand --create-missing 'Create contacts that do not exist yet instead of refusing'
            cand --stdin 'Read contact ids from stdin, one per line (same as the single argument `-`)'
            cand -y 'Do not ask for confirmation (required off a terminal to change more than one contact)'
            cand --yes 'Do not ask for confirmation (required off a terminal to change more than one contact)'
            cand --dry-run 'Show what would change, and change nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;list'= {
            cand --db 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)'
            cand --status 'Only contacts with this (effective) status; repeat for several'
            cand --reason 'Only contacts whose status has this reason'
            cand --waking-within 'Only contacts whose timer runs out within this duration'
            cand --search 'Only contacts whose id, name or email contains this text, ignoring case in any script, or whose phone holds its digits (`555 0100` finds `+1 (555) 010-0199`; text starting with `-`: `--search=-x`)'
            cand --limit 'Print at most N contacts, in id order (a terminal table otherwise shows the first 50)'
            cand --format 'Output format (`table` is a table on a terminal, tab-separated text otherwise)'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -v 'Say on stderr which database the command used and how long it took'
            cand --verbose 'Say on stderr which database the command used and how long it took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;sweep'= {
            cand --db 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)'
            cand --note 'A note kept with this change in the history (at most 1000 bytes), e.g. "customer asked for a human"'
            cand --format 'Print the contacts woken (with `--dry-run`: that would wake) on stdout, for hooks'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -v 'Say on stderr which database the command used and how long it took'
            cand --verbose 'Say on stderr which database the command used and how long it took'
            cand --dry-run 'Show which contacts would wake, and change nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;check'= {
            cand --db 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)'
            cand --format 'Output format: `text` is `ANSWER: reason`; `json` one object with the answer and its reason'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -v 'Say on stderr which database the command used and how long it took'
            cand --verbose 'Say on stderr which database the command used and how long it took'
            cand --stdin 'Read contact ids from stdin, one per line, and answer each with a JSON line'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;record'= {
            cand --db 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)'
            cand --channel 'The channel the message went out on (such as `sms` or `webchat`); the limit counts per channel. With `--stdin`: the channel of events that name none'
            cand --event-id 'The event''s id: an id already recorded changes nothing (webhooks delivered twice)'
            cand --note 'A note kept with this change in the history (at most 1000 bytes), e.g. "customer asked for a human"'
            cand --format 'Output format: a line of text, or the contact as one JSON object with the `batch`'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -v 'Say on stderr which database the command used and how long it took'
            cand --verbose 'Say on stderr which database the command used and how long it took'
            cand --stdin 'Read NDJSON events from stdin and answer each with a JSON line once it is committed'
            cand --create-missing 'Create the contact if it does not exist yet'
            cand --dry-run 'Show what would change, and change nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;history'= {
            cand --db 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)'
            cand --since 'Only changes since this long ago (`2h`, `7days`) or this time'
            cand --batch 'Only the rows of this batch'
            cand --by 'Only changes made by this actor'
            cand --kind 'Only rows of this kind'
            cand --reason 'Only status changes with this reason'
            cand --limit 'At most this many rows'
            cand --format 'Output format (`table` is a table on a terminal, tab-separated text otherwise)'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -v 'Say on stderr which database the command used and how long it took'
            cand --verbose 'Say on stderr which database the command used and how long it took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;undo'= {
            cand --db 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)'
            cand --note 'A note kept with this change in the history (at most 1000 bytes), e.g. "customer asked for a human"'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -v 'Say on stderr which database the command used and how long it took'
            cand --verbose 'Say on stderr which database the command used and how long it took'
            cand --force 'Skip contacts that changed again since the batch, and undo the rest'
            cand --dry-run 'Show what would change, and change nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;stats'= {
            cand --db 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)'
            cand --format 'Output format'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -v 'Say on stderr which database the command used and how long it took'
            cand --verbose 'Say on stderr which database the command used and how long it took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;contacts'= {
            cand --db 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -v 'Say on stderr which database the command used and how long it took'
            cand --verbose 'Say on stderr which database the command used and how long it took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Add one contact'
            cand edit 'Change a contact''s name, phone or email'
            cand import 'Add or update contacts from a CSV file with a header row (`-`: stdin)'
            cand remove 'Remove contacts (their history stays)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'botctl;contacts;add'= {
            cand --db 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)'
            cand --name 'The contact''s name, as people know it'
            cand --phone 'The contact''s phone number (`--search` finds it by its digits)'
            cand --email 'The contact''s e-mail address'
            cand --note 'A note kept with this change in the history (at most 1000 bytes), e.g. "customer asked for a human"'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -v 'Say on stderr which database the command used and how long it took'
            cand --verbose 'Say on stderr which database the command used and how long it took'
            cand --dry-run 'Show what would change, and change nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;contacts;edit'= {
            cand --db 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)'
            cand --name 'The new name'
            cand --phone 'The new phone number'
            cand --email 'The new email address'
            cand --note 'A note kept with this change in the history (at most 1000 bytes), e.g. "customer asked for a human"'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -v 'Say on stderr which database the command used and how long it took'
            cand --verbose 'Say on stderr which database the command used and how long it took'
            cand --dry-run 'Show what would change, and change nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;contacts;import'= {
            cand --db 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)'
            cand --map 'Take FIELD from the column HEADER (repeatable; wins over the recognised names). FIELD: id, name, first_name, last_name, phone, email, status, wake_at. HEADER `#N` is the Nth column; an empty HEADER leaves the field out'
            cand --delimiter 'The column separator: `,`, `;`, `tab` or `|` (default: detected from the header line)'
            cand --errors 'Write every bad row to FILE as CSV (line, column, value, problem); the file is written afresh on every run'
            cand --note 'A note kept with this change in the history (at most 1000 bytes), e.g. "customer asked for a human"'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -v 'Say on stderr which database the command used and how long it took'
            cand --verbose 'Say on stderr which database the command used and how long it took'
            cand --only-new 'Only add new contacts; rows of existing ids are left alone (and counted)'
            cand --only-existing 'Only update existing contacts; rows of unknown ids are skipped (and counted)'
            cand --dry-run 'Show what would change, and change nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;contacts;remove'= {
            cand --db 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)'
            cand --stdin-csv 'Read contact ids from column COLUMN (its header name, or its number from 1) of a CSV file with a header row on stdin'
            cand --note 'A note kept with this change in the history (at most 1000 bytes), e.g. "customer asked for a human"'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -v 'Say on stderr which database the command used and how long it took'
            cand --verbose 'Say on stderr which database the command used and how long it took'
            cand --stdin 'Read contact ids from stdin, one per line (same as the single argument `-`)'
            cand -y 'Do not ask for confirmation (required off a terminal to change more than one contact)'
            cand --yes 'Do not ask for confirmation (required off a terminal to change more than one contact)'
            cand --dry-run 'Show what would change, and change nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;contacts;help'= {
            cand add 'Add one contact'
            cand edit 'Change a contact''s name, phone or email'
            cand import 'Add or update contacts from a CSV file with a header row (`-`: stdin)'
            cand remove 'Remove contacts (their history stays)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'botctl;contacts;help;add'= {
        }
        &'botctl;contacts;help;edit'= {
        }
        &'botctl;contacts;help;import'= {
        }
        &'botctl;contacts;help;remove'= {
        }
        &'botctl;contacts;help;help'= {
        }
        &'botctl;mode'= {
            cand --db 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)'
            cand --note 'A note kept with this change in the history (at most 1000 bytes), e.g. "customer asked for a human"'
            cand --format 'Output format: the mode as text, or one JSON object (`mode`, `from`, `batch`)'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -v 'Say on stderr which database the command used and how long it took'
            cand --verbose 'Say on stderr which database the command used and how long it took'
            cand --dry-run 'Show what would change, and change nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;config'= {
            cand --db 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)'
            cand --format 'Output format of the list of settings'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -v 'Say on stderr which database the command used and how long it took'
            cand --verbose 'Say on stderr which database the command used and how long it took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand get 'Print one setting''s value'
            cand set 'Change a setting'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'botctl;config;get'= {
            cand --db 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -v 'Say on stderr which database the command used and how long it took'
            cand --verbose 'Say on stderr which database the command used and how long it took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;config;set'= {
            cand --note 'A note kept with this change in the history (at most 1000 bytes), e.g. "customer asked for a human"'
            cand --db 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)'
            cand --dry-run 'Show what would change, and change nothing'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -v 'Say on stderr which database the command used and how long it took'
            cand --verbose 'Say on stderr which database the command used and how long it took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
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
        &'botctl;copy'= {
            cand --db 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -v 'Say on stderr which database the command used and how long it took'
            cand --verbose 'Say on stderr which database the command used and how long it took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;completions'= {
            cand --db 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -v 'Say on stderr which database the command used and how long it took'
            cand --verbose 'Say on stderr which database the command used and how long it took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;man'= {
            cand --db 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -v 'Say on stderr which database the command used and how long it took'
            cand --verbose 'Say on stderr which database the command used and how long it took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;doctor'= {
            cand --db 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)'
            cand --format 'Output format'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -v 'Say on stderr which database the command used and how long it took'
            cand --verbose 'Say on stderr which database the command used and how long it took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'botctl;backup'= {
            cand --db 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]'
            cand --actor 'Who is making the change, as recorded in the history [default: your login name]'
            cand --color 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)'
            cand -q 'Print no messages on stderr (data on stdout and errors still appear)'
            cand --quiet 'Print no messages on stderr (data on stdout and errors still appear)'
            cand -v 'Say on stderr which database the command used and how long it took'
            cand --verbose 'Say on stderr which database the command used and how long it took'
            cand --force 'Replace FILE if it exists'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
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
            cand stats 'The workspace at a glance: statuses, wakes due, changes per day, most active actors'
            cand contacts 'Add, import or remove contacts'
            cand mode 'Show or set the workspace''s bot mode: off, suggestive or autopilot'
            cand config 'Show or change the settings'
            cand copy 'Copy a whole workspace into an empty database (a file or PostgreSQL, either way)'
            cand completions 'Print a shell completion script (it completes contact ids, batch ids and setting keys too)'
            cand man 'Print the manual page (roff), as kept under `man/`'
            cand doctor 'Check the database and its surroundings: integrity, schema, file modes, the sweeper'
            cand backup 'Copy the whole database consistently while others keep working (safe from cron)'
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
        &'botctl;help;stats'= {
        }
        &'botctl;help;contacts'= {
            cand add 'Add one contact'
            cand edit 'Change a contact''s name, phone or email'
            cand import 'Add or update contacts from a CSV file with a header row (`-`: stdin)'
            cand remove 'Remove contacts (their history stays)'
        }
        &'botctl;help;contacts;add'= {
        }
        &'botctl;help;contacts;edit'= {
        }
        &'botctl;help;contacts;import'= {
        }
        &'botctl;help;contacts;remove'= {
        }
        &'botctl;help;mode'= {
        }
        &'botctl;help;config'= {
        }
        &'botctl;help;copy'= {
        }
        &'botctl;help;completions'= {
        }
        &'botctl;help;man'= {
        }
        &'botctl;help;doctor'= {
        }
        &'botctl;help;backup'= {
        }
        &'botctl;help;help'= {
        }
    ]
    $completions[$command]
}
