
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'botctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'botctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'botctl' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show one contact: status, reason, timer, bot messages and what the bot does now')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set contacts `active`, `snoozed` or `inactive` (no arguments on a terminal: ask)')
            [CompletionResult]::new('snooze', 'snooze', [CompletionResultType]::ParameterValue, 'Snooze contacts for a while (`--for`, `--until`, else the `sleep-time` setting)')
            [CompletionResult]::new('wake', 'wake', [CompletionResultType]::ParameterValue, 'Make contacts active now')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List contacts, with filters, as a table or for programs')
            [CompletionResult]::new('sweep', 'sweep', [CompletionResultType]::ParameterValue, 'Write down every timer that has run out (run it from cron every minute)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'May the bot answer this contact now? Prints reply, suggest or silent; exit 3 when silent')
            [CompletionResult]::new('record', 'record', [CompletionResultType]::ParameterValue, 'Record a message event and apply the bot''s rules to the contact')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Show the history of status changes, newest first')
            [CompletionResult]::new('undo', 'undo', [CompletionResultType]::ParameterValue, 'Put back every contact a batch changed, as it was before')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'The workspace at a glance: statuses, wakes due, changes per day, most active actors')
            [CompletionResult]::new('contacts', 'contacts', [CompletionResultType]::ParameterValue, 'Add, import or remove contacts')
            [CompletionResult]::new('mode', 'mode', [CompletionResultType]::ParameterValue, 'Show or set the workspace''s bot mode: off, suggestive or autopilot')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show or change the settings')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy a whole workspace into an empty database (a file or PostgreSQL, either way)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (it completes contact ids, batch ids and setting keys too)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the manual page (roff), as kept under `man/`')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check the database and its surroundings: integrity, schema, file modes, the sweeper')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Copy the whole database consistently while others keep working (safe from cron)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'botctl;status' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: text for people, or one JSON object')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;set' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)')
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'Turn active again after this long (`90m`, `1h 30m`, `2days`)')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Turn active again at this time: `HH:MM`, `tomorrow [HH:MM]`, `monday [HH:MM]`, `next-week`, `YYYY-MM-DD HH:MM[:SS]` (local) or RFC 3339')
            [CompletionResult]::new('--stdin-csv', '--stdin-csv', [CompletionResultType]::ParameterName, 'Read contact ids from column COLUMN (its header name, or its number from 1) of a CSV file with a header row on stdin')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'A note kept with this change in the history (at most 1000 bytes), e.g. "customer asked for a human"')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--create-missing', '--create-missing', [CompletionResultType]::ParameterName, 'Create contacts that do not exist yet instead of refusing')
            [CompletionResult]::new('--stdin', '--stdin', [CompletionResultType]::ParameterName, 'Read contact ids from stdin, one per line (same as the single argument `-`)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required off a terminal to change more than one contact)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required off a terminal to change more than one contact)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;snooze' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)')
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'Turn active again after this long (`90m`, `1h 30m`, `2days`)')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Turn active again at this time: `HH:MM`, `tomorrow [HH:MM]`, `monday [HH:MM]`, `next-week`, `YYYY-MM-DD HH:MM[:SS]` (local) or RFC 3339')
            [CompletionResult]::new('--extend', '--extend', [CompletionResultType]::ParameterName, 'Push each contact''s existing timer later by this long (`30m`, `1h`)')
            [CompletionResult]::new('--stdin-csv', '--stdin-csv', [CompletionResultType]::ParameterName, 'Read contact ids from column COLUMN (its header name, or its number from 1) of a CSV file with a header row on stdin')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'A note kept with this change in the history (at most 1000 bytes), e.g. "customer asked for a human"')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--create-missing', '--create-missing', [CompletionResultType]::ParameterName, 'Create contacts that do not exist yet instead of refusing')
            [CompletionResult]::new('--stdin', '--stdin', [CompletionResultType]::ParameterName, 'Read contact ids from stdin, one per line (same as the single argument `-`)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required off a terminal to change more than one contact)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required off a terminal to change more than one contact)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;wake' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)')
            [CompletionResult]::new('--stdin-csv', '--stdin-csv', [CompletionResultType]::ParameterName, 'Read contact ids from column COLUMN (its header name, or its number from 1) of a CSV file with a header row on stdin')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'A note kept with this change in the history (at most 1000 bytes), e.g. "customer asked for a human"')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--create-missing', '--create-missing', [CompletionResultType]::ParameterName, 'Create contacts that do not exist yet instead of refusing')
            [CompletionResult]::new('--stdin', '--stdin', [CompletionResultType]::ParameterName, 'Read contact ids from stdin, one per line (same as the single argument `-`)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required off a terminal to change more than one contact)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required off a terminal to change more than one contact)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;list' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only contacts with this (effective) status; repeat for several')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Only contacts whose status has this reason')
            [CompletionResult]::new('--waking-within', '--waking-within', [CompletionResultType]::ParameterName, 'Only contacts whose timer runs out within this duration')
            [CompletionResult]::new('--search', '--search', [CompletionResultType]::ParameterName, 'Only contacts whose id, name or email contains this text, ignoring case in any script, or whose phone holds its digits (`555 0100` finds `+1 (555) 010-0199`; text starting with `-`: `--search=-x`)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Print at most N contacts, in id order (a terminal table otherwise shows the first 50)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`table` is a table on a terminal, tab-separated text otherwise)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;sweep' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'A note kept with this change in the history (at most 1000 bytes), e.g. "customer asked for a human"')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Print the contacts woken (with `--dry-run`: that would wake) on stdout, for hooks')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show which contacts would wake, and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;check' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: `text` is `ANSWER: reason`; `json` one object with the answer and its reason')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--stdin', '--stdin', [CompletionResultType]::ParameterName, 'Read contact ids from stdin, one per line, and answer each with a JSON line')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;record' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)')
            [CompletionResult]::new('--channel', '--channel', [CompletionResultType]::ParameterName, 'The channel the message went out on (such as `sms` or `webchat`); the limit counts per channel. With `--stdin`: the channel of events that name none')
            [CompletionResult]::new('--event-id', '--event-id', [CompletionResultType]::ParameterName, 'The event''s id: an id already recorded changes nothing (webhooks delivered twice)')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'A note kept with this change in the history (at most 1000 bytes), e.g. "customer asked for a human"')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a line of text, or the contact as one JSON object with the `batch`')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--stdin', '--stdin', [CompletionResultType]::ParameterName, 'Read NDJSON events from stdin and answer each with a JSON line once it is committed')
            [CompletionResult]::new('--create-missing', '--create-missing', [CompletionResultType]::ParameterName, 'Create the contact if it does not exist yet')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;history' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only changes since this long ago (`2h`, `7days`) or this time')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Only the rows of this batch')
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Only changes made by this actor')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only rows of this kind')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Only status changes with this reason')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many rows')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`table` is a table on a terminal, tab-separated text otherwise)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;undo' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'A note kept with this change in the history (at most 1000 bytes), e.g. "customer asked for a human"')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Skip contacts that changed again since the batch, and undo the rest')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;stats' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;contacts' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add one contact')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a contact''s name, phone or email')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Add or update contacts from a CSV file with a header row (`-`: stdin)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove contacts (their history stays)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'botctl;contacts;add' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The contact''s name, as people know it')
            [CompletionResult]::new('--phone', '--phone', [CompletionResultType]::ParameterName, 'The contact''s phone number (`--search` finds it by its digits)')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'The contact''s e-mail address')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'A note kept with this change in the history (at most 1000 bytes), e.g. "customer asked for a human"')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;contacts;edit' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The new name')
            [CompletionResult]::new('--phone', '--phone', [CompletionResultType]::ParameterName, 'The new phone number')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'The new email address')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'A note kept with this change in the history (at most 1000 bytes), e.g. "customer asked for a human"')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;contacts;import' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)')
            [CompletionResult]::new('--map', '--map', [CompletionResultType]::ParameterName, 'Take FIELD from the column HEADER (repeatable; wins over the recognised names). FIELD: id, name, first_name, last_name, phone, email, status, wake_at. HEADER `#N` is the Nth column; an empty HEADER leaves the field out')
            [CompletionResult]::new('--delimiter', '--delimiter', [CompletionResultType]::ParameterName, 'The column separator: `,`, `;`, `tab` or `|` (default: detected from the header line)')
            [CompletionResult]::new('--errors', '--errors', [CompletionResultType]::ParameterName, 'Write every bad row to FILE as CSV (line, column, value, problem); the file is written afresh on every run')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'A note kept with this change in the history (at most 1000 bytes), e.g. "customer asked for a human"')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--only-new', '--only-new', [CompletionResultType]::ParameterName, 'Only add new contacts; rows of existing ids are left alone (and counted)')
            [CompletionResult]::new('--only-existing', '--only-existing', [CompletionResultType]::ParameterName, 'Only update existing contacts; rows of unknown ids are skipped (and counted)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;contacts;remove' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)')
            [CompletionResult]::new('--stdin-csv', '--stdin-csv', [CompletionResultType]::ParameterName, 'Read contact ids from column COLUMN (its header name, or its number from 1) of a CSV file with a header row on stdin')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'A note kept with this change in the history (at most 1000 bytes), e.g. "customer asked for a human"')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--stdin', '--stdin', [CompletionResultType]::ParameterName, 'Read contact ids from stdin, one per line (same as the single argument `-`)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required off a terminal to change more than one contact)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required off a terminal to change more than one contact)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;contacts;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add one contact')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a contact''s name, phone or email')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Add or update contacts from a CSV file with a header row (`-`: stdin)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove contacts (their history stays)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'botctl;contacts;help;add' {
            break
        }
        'botctl;contacts;help;edit' {
            break
        }
        'botctl;contacts;help;import' {
            break
        }
        'botctl;contacts;help;remove' {
            break
        }
        'botctl;contacts;help;help' {
            break
        }
        'botctl;mode' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'A note kept with this change in the history (at most 1000 bytes), e.g. "customer asked for a human"')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: the mode as text, or one JSON object (`mode`, `from`, `batch`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;config' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format of the list of settings')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print one setting''s value')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a setting')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'botctl;config;get' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;config;set' {
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'A note kept with this change in the history (at most 1000 bytes), e.g. "customer asked for a human"')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, and change nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;config;help' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print one setting''s value')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a setting')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'botctl;config;help;get' {
            break
        }
        'botctl;config;help;set' {
            break
        }
        'botctl;config;help;help' {
            break
        }
        'botctl;copy' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;completions' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;man' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;doctor' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;backup' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which database the command used and how long it took')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace FILE if it exists')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;help' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show one contact: status, reason, timer, bot messages and what the bot does now')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set contacts `active`, `snoozed` or `inactive` (no arguments on a terminal: ask)')
            [CompletionResult]::new('snooze', 'snooze', [CompletionResultType]::ParameterValue, 'Snooze contacts for a while (`--for`, `--until`, else the `sleep-time` setting)')
            [CompletionResult]::new('wake', 'wake', [CompletionResultType]::ParameterValue, 'Make contacts active now')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List contacts, with filters, as a table or for programs')
            [CompletionResult]::new('sweep', 'sweep', [CompletionResultType]::ParameterValue, 'Write down every timer that has run out (run it from cron every minute)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'May the bot answer this contact now? Prints reply, suggest or silent; exit 3 when silent')
            [CompletionResult]::new('record', 'record', [CompletionResultType]::ParameterValue, 'Record a message event and apply the bot''s rules to the contact')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Show the history of status changes, newest first')
            [CompletionResult]::new('undo', 'undo', [CompletionResultType]::ParameterValue, 'Put back every contact a batch changed, as it was before')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'The workspace at a glance: statuses, wakes due, changes per day, most active actors')
            [CompletionResult]::new('contacts', 'contacts', [CompletionResultType]::ParameterValue, 'Add, import or remove contacts')
            [CompletionResult]::new('mode', 'mode', [CompletionResultType]::ParameterValue, 'Show or set the workspace''s bot mode: off, suggestive or autopilot')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show or change the settings')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy a whole workspace into an empty database (a file or PostgreSQL, either way)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (it completes contact ids, batch ids and setting keys too)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the manual page (roff), as kept under `man/`')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check the database and its surroundings: integrity, schema, file modes, the sweeper')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Copy the whole database consistently while others keep working (safe from cron)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'botctl;help;status' {
            break
        }
        'botctl;help;set' {
            break
        }
        'botctl;help;snooze' {
            break
        }
        'botctl;help;wake' {
            break
        }
        'botctl;help;list' {
            break
        }
        'botctl;help;sweep' {
            break
        }
        'botctl;help;check' {
            break
        }
        'botctl;help;record' {
            break
        }
        'botctl;help;history' {
            break
        }
        'botctl;help;undo' {
            break
        }
        'botctl;help;stats' {
            break
        }
        'botctl;help;contacts' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add one contact')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a contact''s name, phone or email')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Add or update contacts from a CSV file with a header row (`-`: stdin)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove contacts (their history stays)')
            break
        }
        'botctl;help;contacts;add' {
            break
        }
        'botctl;help;contacts;edit' {
            break
        }
        'botctl;help;contacts;import' {
            break
        }
        'botctl;help;contacts;remove' {
            break
        }
        'botctl;help;mode' {
            break
        }
        'botctl;help;config' {
            break
        }
        'botctl;help;copy' {
            break
        }
        'botctl;help;completions' {
            break
        }
        'botctl;help;man' {
            break
        }
        'botctl;help;doctor' {
            break
        }
        'botctl;help;backup' {
            break
        }
        'botctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
