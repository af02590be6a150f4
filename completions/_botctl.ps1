
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
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` turns it off under `auto`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
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
            [CompletionResult]::new('contacts', 'contacts', [CompletionResultType]::ParameterValue, 'Add, import or remove contacts')
            [CompletionResult]::new('mode', 'mode', [CompletionResultType]::ParameterValue, 'Show or set the workspace''s bot mode: off, suggestive or autopilot')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show or change the settings')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'botctl;status' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`table` is a table on a terminal, tab-separated text otherwise)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` turns it off under `auto`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;set' {
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'Turn active again after this long (`90m`, `1h 30m`, `2days`)')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Turn active again at this time (RFC 3339, or `YYYY-MM-DD HH:MM[:SS]` local time)')
            [CompletionResult]::new('--stdin-csv', '--stdin-csv', [CompletionResultType]::ParameterName, 'Read contact ids from column COLUMN (its header name, or its number from 1) of a CSV file with a header row on stdin')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` turns it off under `auto`)')
            [CompletionResult]::new('--create-missing', '--create-missing', [CompletionResultType]::ParameterName, 'Create contacts that do not exist yet instead of refusing')
            [CompletionResult]::new('--stdin', '--stdin', [CompletionResultType]::ParameterName, 'Read contact ids from stdin, one per line (same as the single argument `-`)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required off a terminal to change more than one contact)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required off a terminal to change more than one contact)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, and change nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;snooze' {
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'Turn active again after this long (`90m`, `1h 30m`, `2days`)')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Turn active again at this time (RFC 3339, or `YYYY-MM-DD HH:MM[:SS]` local time)')
            [CompletionResult]::new('--stdin-csv', '--stdin-csv', [CompletionResultType]::ParameterName, 'Read contact ids from column COLUMN (its header name, or its number from 1) of a CSV file with a header row on stdin')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` turns it off under `auto`)')
            [CompletionResult]::new('--create-missing', '--create-missing', [CompletionResultType]::ParameterName, 'Create contacts that do not exist yet instead of refusing')
            [CompletionResult]::new('--stdin', '--stdin', [CompletionResultType]::ParameterName, 'Read contact ids from stdin, one per line (same as the single argument `-`)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required off a terminal to change more than one contact)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required off a terminal to change more than one contact)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, and change nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;wake' {
            [CompletionResult]::new('--stdin-csv', '--stdin-csv', [CompletionResultType]::ParameterName, 'Read contact ids from column COLUMN (its header name, or its number from 1) of a CSV file with a header row on stdin')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` turns it off under `auto`)')
            [CompletionResult]::new('--create-missing', '--create-missing', [CompletionResultType]::ParameterName, 'Create contacts that do not exist yet instead of refusing')
            [CompletionResult]::new('--stdin', '--stdin', [CompletionResultType]::ParameterName, 'Read contact ids from stdin, one per line (same as the single argument `-`)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required off a terminal to change more than one contact)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required off a terminal to change more than one contact)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, and change nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;list' {
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only contacts with this (effective) status; repeat for several')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Only contacts whose status has this reason')
            [CompletionResult]::new('--waking-within', '--waking-within', [CompletionResultType]::ParameterName, 'Only contacts whose timer runs out within this duration')
            [CompletionResult]::new('--search', '--search', [CompletionResultType]::ParameterName, 'Only contacts whose id or name contains this text, ignoring case in any script (text starting with `-`: `--search=-x`)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many contacts (on a terminal the table shows 50 unless this is given)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`table` is a table on a terminal, tab-separated text otherwise)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` turns it off under `auto`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;sweep' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`table` is a table on a terminal, tab-separated text otherwise)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` turns it off under `auto`)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show which contacts would wake, and change nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;check' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, '`json` prints an object with the answer and its reason')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` turns it off under `auto`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;record' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`table` is a table on a terminal, tab-separated text otherwise)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` turns it off under `auto`)')
            [CompletionResult]::new('--create-missing', '--create-missing', [CompletionResultType]::ParameterName, 'Create the contact if it does not exist yet')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, and change nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;history' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only changes since this long ago (`2h`, `7days`) or this time')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many rows')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`table` is a table on a terminal, tab-separated text otherwise)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` turns it off under `auto`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;undo' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` turns it off under `auto`)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Skip contacts that changed again since the batch, and undo the rest')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, and change nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;contacts' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` turns it off under `auto`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add one contact')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Add or update contacts from a CSV file with a header row (`-`: stdin)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove contacts (their history stays)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'botctl;contacts;add' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'name')
            [CompletionResult]::new('--phone', '--phone', [CompletionResultType]::ParameterName, 'phone')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'email')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` turns it off under `auto`)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, and change nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;contacts;import' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` turns it off under `auto`)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, and change nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;contacts;remove' {
            [CompletionResult]::new('--stdin-csv', '--stdin-csv', [CompletionResultType]::ParameterName, 'Read contact ids from column COLUMN (its header name, or its number from 1) of a CSV file with a header row on stdin')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` turns it off under `auto`)')
            [CompletionResult]::new('--stdin', '--stdin', [CompletionResultType]::ParameterName, 'Read contact ids from stdin, one per line (same as the single argument `-`)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required off a terminal to change more than one contact)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required off a terminal to change more than one contact)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, and change nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;contacts;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add one contact')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Add or update contacts from a CSV file with a header row (`-`: stdin)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove contacts (their history stays)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'botctl;contacts;help;add' {
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
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` turns it off under `auto`)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, and change nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;config' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format of the list (`table` or `json`)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` turns it off under `auto`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
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
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` turns it off under `auto`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'botctl;config;set' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` turns it off under `auto`)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, and change nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
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
        'botctl;completions' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, as recorded in the history [default: your login name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (`NO_COLOR` turns it off under `auto`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (data on stdout and errors still appear)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
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
            [CompletionResult]::new('contacts', 'contacts', [CompletionResultType]::ParameterValue, 'Add, import or remove contacts')
            [CompletionResult]::new('mode', 'mode', [CompletionResultType]::ParameterValue, 'Show or set the workspace''s bot mode: off, suggestive or autopilot')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show or change the settings')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
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
        'botctl;help;contacts' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add one contact')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Add or update contacts from a CSV file with a header row (`-`: stdin)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove contacts (their history stays)')
            break
        }
        'botctl;help;contacts;add' {
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
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print one setting''s value')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a setting')
            break
        }
        'botctl;help;config;get' {
            break
        }
        'botctl;help;config;set' {
            break
        }
        'botctl;help;completions' {
            break
        }
        'botctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
