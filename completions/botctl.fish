# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_botctl_global_optspecs
    string join \n db= actor= color= q/quiet h/help V/version
end

function __fish_botctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_botctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_botctl_using_subcommand
    set -l cmd (__fish_botctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c botctl -n "__fish_botctl_needs_command" -l db -d 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]' -r -F
complete -c botctl -n "__fish_botctl_needs_command" -l actor -d 'Who is making the change, as recorded in the history [default: your login name]' -r
complete -c botctl -n "__fish_botctl_needs_command" -l color -d 'When to use colour (`NO_COLOR` turns it off under `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c botctl -n "__fish_botctl_needs_command" -s q -l quiet -d 'Print no messages on stderr (data on stdout and errors still appear)'
complete -c botctl -n "__fish_botctl_needs_command" -s h -l help -d 'Print help'
complete -c botctl -n "__fish_botctl_needs_command" -s V -l version -d 'Print version'
complete -c botctl -n "__fish_botctl_needs_command" -f -a "status" -d 'Show one contact: status, reason, timer, bot messages and what the bot does now'
complete -c botctl -n "__fish_botctl_needs_command" -f -a "set" -d 'Set contacts `active`, `snoozed` or `inactive` (no arguments on a terminal: ask)'
complete -c botctl -n "__fish_botctl_needs_command" -f -a "snooze" -d 'Snooze contacts for a while (`--for`, `--until`, else the `sleep-time` setting)'
complete -c botctl -n "__fish_botctl_needs_command" -f -a "wake" -d 'Make contacts active now'
complete -c botctl -n "__fish_botctl_needs_command" -f -a "list" -d 'List contacts, with filters, as a table or for programs'
complete -c botctl -n "__fish_botctl_needs_command" -f -a "sweep" -d 'Write down every timer that has run out (run it from cron every minute)'
complete -c botctl -n "__fish_botctl_needs_command" -f -a "check" -d 'May the bot answer this contact now? Prints reply, suggest or silent; exit 3 when silent'
complete -c botctl -n "__fish_botctl_needs_command" -f -a "record" -d 'Record a message event and apply the bot\'s rules to the contact'
complete -c botctl -n "__fish_botctl_needs_command" -f -a "history" -d 'Show the history of status changes, newest first'
complete -c botctl -n "__fish_botctl_needs_command" -f -a "undo" -d 'Put back every contact a batch changed, as it was before'
complete -c botctl -n "__fish_botctl_needs_command" -f -a "contacts" -d 'Add, import or remove contacts'
complete -c botctl -n "__fish_botctl_needs_command" -f -a "mode" -d 'Show or set the workspace\'s bot mode: off, suggestive or autopilot'
complete -c botctl -n "__fish_botctl_needs_command" -f -a "config" -d 'Show or change the settings'
complete -c botctl -n "__fish_botctl_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c botctl -n "__fish_botctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c botctl -n "__fish_botctl_using_subcommand status" -l format -d 'Output format (`table` is a table on a terminal, tab-separated text otherwise)' -r -f -a "table\t'A table on a terminal; tab-separated text with a header otherwise'
json\t'One JSON array (a single object for `status`)'
ndjson\t'One JSON object per line'
csv\t'CSV with a header row'
ids\t'One id per line, for `--stdin`'"
complete -c botctl -n "__fish_botctl_using_subcommand status" -l db -d 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]' -r -F
complete -c botctl -n "__fish_botctl_using_subcommand status" -l actor -d 'Who is making the change, as recorded in the history [default: your login name]' -r
complete -c botctl -n "__fish_botctl_using_subcommand status" -l color -d 'When to use colour (`NO_COLOR` turns it off under `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c botctl -n "__fish_botctl_using_subcommand status" -s q -l quiet -d 'Print no messages on stderr (data on stdout and errors still appear)'
complete -c botctl -n "__fish_botctl_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c botctl -n "__fish_botctl_using_subcommand status" -s V -l version -d 'Print version'
complete -c botctl -n "__fish_botctl_using_subcommand set" -l for -d 'Turn active again after this long (`90m`, `1h 30m`, `2days`)' -r
complete -c botctl -n "__fish_botctl_using_subcommand set" -l until -d 'Turn active again at this time (RFC 3339, or `YYYY-MM-DD HH:MM[:SS]` local time)' -r
complete -c botctl -n "__fish_botctl_using_subcommand set" -l stdin-csv -d 'Read contact ids from column COLUMN (its header name, or its number from 1) of a CSV file with a header row on stdin' -r
complete -c botctl -n "__fish_botctl_using_subcommand set" -l db -d 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]' -r -F
complete -c botctl -n "__fish_botctl_using_subcommand set" -l actor -d 'Who is making the change, as recorded in the history [default: your login name]' -r
complete -c botctl -n "__fish_botctl_using_subcommand set" -l color -d 'When to use colour (`NO_COLOR` turns it off under `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c botctl -n "__fish_botctl_using_subcommand set" -l create-missing -d 'Create contacts that do not exist yet instead of refusing'
complete -c botctl -n "__fish_botctl_using_subcommand set" -l stdin -d 'Read contact ids from stdin, one per line (same as the single argument `-`)'
complete -c botctl -n "__fish_botctl_using_subcommand set" -s y -l yes -d 'Do not ask for confirmation (required off a terminal to change more than one contact)'
complete -c botctl -n "__fish_botctl_using_subcommand set" -l dry-run -d 'Show what would change, and change nothing'
complete -c botctl -n "__fish_botctl_using_subcommand set" -s q -l quiet -d 'Print no messages on stderr (data on stdout and errors still appear)'
complete -c botctl -n "__fish_botctl_using_subcommand set" -s h -l help -d 'Print help'
complete -c botctl -n "__fish_botctl_using_subcommand set" -s V -l version -d 'Print version'
complete -c botctl -n "__fish_botctl_using_subcommand snooze" -l for -d 'Turn active again after this long (`90m`, `1h 30m`, `2days`)' -r
complete -c botctl -n "__fish_botctl_using_subcommand snooze" -l until -d 'Turn active again at this time (RFC 3339, or `YYYY-MM-DD HH:MM[:SS]` local time)' -r
complete -c botctl -n "__fish_botctl_using_subcommand snooze" -l stdin-csv -d 'Read contact ids from column COLUMN (its header name, or its number from 1) of a CSV file with a header row on stdin' -r
complete -c botctl -n "__fish_botctl_using_subcommand snooze" -l db -d 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]' -r -F
complete -c botctl -n "__fish_botctl_using_subcommand snooze" -l actor -d 'Who is making the change, as recorded in the history [default: your login name]' -r
complete -c botctl -n "__fish_botctl_using_subcommand snooze" -l color -d 'When to use colour (`NO_COLOR` turns it off under `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c botctl -n "__fish_botctl_using_subcommand snooze" -l create-missing -d 'Create contacts that do not exist yet instead of refusing'
complete -c botctl -n "__fish_botctl_using_subcommand snooze" -l stdin -d 'Read contact ids from stdin, one per line (same as the single argument `-`)'
complete -c botctl -n "__fish_botctl_using_subcommand snooze" -s y -l yes -d 'Do not ask for confirmation (required off a terminal to change more than one contact)'
complete -c botctl -n "__fish_botctl_using_subcommand snooze" -l dry-run -d 'Show what would change, and change nothing'
complete -c botctl -n "__fish_botctl_using_subcommand snooze" -s q -l quiet -d 'Print no messages on stderr (data on stdout and errors still appear)'
complete -c botctl -n "__fish_botctl_using_subcommand snooze" -s h -l help -d 'Print help'
complete -c botctl -n "__fish_botctl_using_subcommand snooze" -s V -l version -d 'Print version'
complete -c botctl -n "__fish_botctl_using_subcommand wake" -l stdin-csv -d 'Read contact ids from column COLUMN (its header name, or its number from 1) of a CSV file with a header row on stdin' -r
complete -c botctl -n "__fish_botctl_using_subcommand wake" -l db -d 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]' -r -F
complete -c botctl -n "__fish_botctl_using_subcommand wake" -l actor -d 'Who is making the change, as recorded in the history [default: your login name]' -r
complete -c botctl -n "__fish_botctl_using_subcommand wake" -l color -d 'When to use colour (`NO_COLOR` turns it off under `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c botctl -n "__fish_botctl_using_subcommand wake" -l create-missing -d 'Create contacts that do not exist yet instead of refusing'
complete -c botctl -n "__fish_botctl_using_subcommand wake" -l stdin -d 'Read contact ids from stdin, one per line (same as the single argument `-`)'
complete -c botctl -n "__fish_botctl_using_subcommand wake" -s y -l yes -d 'Do not ask for confirmation (required off a terminal to change more than one contact)'
complete -c botctl -n "__fish_botctl_using_subcommand wake" -l dry-run -d 'Show what would change, and change nothing'
complete -c botctl -n "__fish_botctl_using_subcommand wake" -s q -l quiet -d 'Print no messages on stderr (data on stdout and errors still appear)'
complete -c botctl -n "__fish_botctl_using_subcommand wake" -s h -l help -d 'Print help'
complete -c botctl -n "__fish_botctl_using_subcommand wake" -s V -l version -d 'Print version'
complete -c botctl -n "__fish_botctl_using_subcommand list" -l status -d 'Only contacts with this (effective) status; repeat for several' -r -f -a "active\t''
snoozed\t''
inactive\t''"
complete -c botctl -n "__fish_botctl_using_subcommand list" -l reason -d 'Only contacts whose status has this reason' -r -f -a "manual\t''
agent_message\t''
workflow_message\t''
message_limit\t''
timer\t''"
complete -c botctl -n "__fish_botctl_using_subcommand list" -l waking-within -d 'Only contacts whose timer runs out within this duration' -r
complete -c botctl -n "__fish_botctl_using_subcommand list" -l search -d 'Only contacts whose id or name contains this text, ignoring case in any script (text starting with `-`: `--search=-x`)' -r
complete -c botctl -n "__fish_botctl_using_subcommand list" -l limit -d 'At most this many contacts (on a terminal the table shows 50 unless this is given)' -r
complete -c botctl -n "__fish_botctl_using_subcommand list" -l format -d 'Output format (`table` is a table on a terminal, tab-separated text otherwise)' -r -f -a "table\t'A table on a terminal; tab-separated text with a header otherwise'
json\t'One JSON array (a single object for `status`)'
ndjson\t'One JSON object per line'
csv\t'CSV with a header row'
ids\t'One id per line, for `--stdin`'"
complete -c botctl -n "__fish_botctl_using_subcommand list" -l db -d 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]' -r -F
complete -c botctl -n "__fish_botctl_using_subcommand list" -l actor -d 'Who is making the change, as recorded in the history [default: your login name]' -r
complete -c botctl -n "__fish_botctl_using_subcommand list" -l color -d 'When to use colour (`NO_COLOR` turns it off under `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c botctl -n "__fish_botctl_using_subcommand list" -s q -l quiet -d 'Print no messages on stderr (data on stdout and errors still appear)'
complete -c botctl -n "__fish_botctl_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c botctl -n "__fish_botctl_using_subcommand list" -s V -l version -d 'Print version'
complete -c botctl -n "__fish_botctl_using_subcommand sweep" -l format -d 'Output format (`table` is a table on a terminal, tab-separated text otherwise)' -r -f -a "table\t'A table on a terminal; tab-separated text with a header otherwise'
json\t'One JSON array (a single object for `status`)'
ndjson\t'One JSON object per line'
csv\t'CSV with a header row'
ids\t'One id per line, for `--stdin`'"
complete -c botctl -n "__fish_botctl_using_subcommand sweep" -l db -d 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]' -r -F
complete -c botctl -n "__fish_botctl_using_subcommand sweep" -l actor -d 'Who is making the change, as recorded in the history [default: your login name]' -r
complete -c botctl -n "__fish_botctl_using_subcommand sweep" -l color -d 'When to use colour (`NO_COLOR` turns it off under `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c botctl -n "__fish_botctl_using_subcommand sweep" -l dry-run -d 'Show which contacts would wake, and change nothing'
complete -c botctl -n "__fish_botctl_using_subcommand sweep" -s q -l quiet -d 'Print no messages on stderr (data on stdout and errors still appear)'
complete -c botctl -n "__fish_botctl_using_subcommand sweep" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c botctl -n "__fish_botctl_using_subcommand sweep" -s V -l version -d 'Print version'
complete -c botctl -n "__fish_botctl_using_subcommand check" -l format -d '`json` prints an object with the answer and its reason' -r -f -a "table\t'A table on a terminal; tab-separated text with a header otherwise'
json\t'One JSON array (a single object for `status`)'
ndjson\t'One JSON object per line'
csv\t'CSV with a header row'
ids\t'One id per line, for `--stdin`'"
complete -c botctl -n "__fish_botctl_using_subcommand check" -l db -d 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]' -r -F
complete -c botctl -n "__fish_botctl_using_subcommand check" -l actor -d 'Who is making the change, as recorded in the history [default: your login name]' -r
complete -c botctl -n "__fish_botctl_using_subcommand check" -l color -d 'When to use colour (`NO_COLOR` turns it off under `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c botctl -n "__fish_botctl_using_subcommand check" -s q -l quiet -d 'Print no messages on stderr (data on stdout and errors still appear)'
complete -c botctl -n "__fish_botctl_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c botctl -n "__fish_botctl_using_subcommand check" -s V -l version -d 'Print version'
complete -c botctl -n "__fish_botctl_using_subcommand record" -l format -d 'Output format (`table` is a table on a terminal, tab-separated text otherwise)' -r -f -a "table\t'A table on a terminal; tab-separated text with a header otherwise'
json\t'One JSON array (a single object for `status`)'
ndjson\t'One JSON object per line'
csv\t'CSV with a header row'
ids\t'One id per line, for `--stdin`'"
complete -c botctl -n "__fish_botctl_using_subcommand record" -l db -d 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]' -r -F
complete -c botctl -n "__fish_botctl_using_subcommand record" -l actor -d 'Who is making the change, as recorded in the history [default: your login name]' -r
complete -c botctl -n "__fish_botctl_using_subcommand record" -l color -d 'When to use colour (`NO_COLOR` turns it off under `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c botctl -n "__fish_botctl_using_subcommand record" -l create-missing -d 'Create the contact if it does not exist yet'
complete -c botctl -n "__fish_botctl_using_subcommand record" -l dry-run -d 'Show what would change, and change nothing'
complete -c botctl -n "__fish_botctl_using_subcommand record" -s q -l quiet -d 'Print no messages on stderr (data on stdout and errors still appear)'
complete -c botctl -n "__fish_botctl_using_subcommand record" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c botctl -n "__fish_botctl_using_subcommand record" -s V -l version -d 'Print version'
complete -c botctl -n "__fish_botctl_using_subcommand history" -l since -d 'Only changes since this long ago (`2h`, `7days`) or this time' -r
complete -c botctl -n "__fish_botctl_using_subcommand history" -l limit -d 'At most this many rows' -r
complete -c botctl -n "__fish_botctl_using_subcommand history" -l format -d 'Output format (`table` is a table on a terminal, tab-separated text otherwise)' -r -f -a "table\t'A table on a terminal; tab-separated text with a header otherwise'
json\t'One JSON array (a single object for `status`)'
ndjson\t'One JSON object per line'
csv\t'CSV with a header row'
ids\t'One id per line, for `--stdin`'"
complete -c botctl -n "__fish_botctl_using_subcommand history" -l db -d 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]' -r -F
complete -c botctl -n "__fish_botctl_using_subcommand history" -l actor -d 'Who is making the change, as recorded in the history [default: your login name]' -r
complete -c botctl -n "__fish_botctl_using_subcommand history" -l color -d 'When to use colour (`NO_COLOR` turns it off under `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c botctl -n "__fish_botctl_using_subcommand history" -s q -l quiet -d 'Print no messages on stderr (data on stdout and errors still appear)'
complete -c botctl -n "__fish_botctl_using_subcommand history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c botctl -n "__fish_botctl_using_subcommand history" -s V -l version -d 'Print version'
complete -c botctl -n "__fish_botctl_using_subcommand undo" -l db -d 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]' -r -F
complete -c botctl -n "__fish_botctl_using_subcommand undo" -l actor -d 'Who is making the change, as recorded in the history [default: your login name]' -r
complete -c botctl -n "__fish_botctl_using_subcommand undo" -l color -d 'When to use colour (`NO_COLOR` turns it off under `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c botctl -n "__fish_botctl_using_subcommand undo" -l force -d 'Skip contacts that changed again since the batch, and undo the rest'
complete -c botctl -n "__fish_botctl_using_subcommand undo" -l dry-run -d 'Show what would change, and change nothing'
complete -c botctl -n "__fish_botctl_using_subcommand undo" -s q -l quiet -d 'Print no messages on stderr (data on stdout and errors still appear)'
complete -c botctl -n "__fish_botctl_using_subcommand undo" -s h -l help -d 'Print help'
complete -c botctl -n "__fish_botctl_using_subcommand undo" -s V -l version -d 'Print version'
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and not __fish_seen_subcommand_from add import remove help" -l db -d 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]' -r -F
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and not __fish_seen_subcommand_from add import remove help" -l actor -d 'Who is making the change, as recorded in the history [default: your login name]' -r
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and not __fish_seen_subcommand_from add import remove help" -l color -d 'When to use colour (`NO_COLOR` turns it off under `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and not __fish_seen_subcommand_from add import remove help" -s q -l quiet -d 'Print no messages on stderr (data on stdout and errors still appear)'
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and not __fish_seen_subcommand_from add import remove help" -s h -l help -d 'Print help'
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and not __fish_seen_subcommand_from add import remove help" -s V -l version -d 'Print version'
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and not __fish_seen_subcommand_from add import remove help" -f -a "add" -d 'Add one contact'
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and not __fish_seen_subcommand_from add import remove help" -f -a "import" -d 'Add or update contacts from a CSV file with a header row (`-`: stdin)'
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and not __fish_seen_subcommand_from add import remove help" -f -a "remove" -d 'Remove contacts (their history stays)'
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and not __fish_seen_subcommand_from add import remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and __fish_seen_subcommand_from add" -l name -r
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and __fish_seen_subcommand_from add" -l phone -r
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and __fish_seen_subcommand_from add" -l email -r
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and __fish_seen_subcommand_from add" -l db -d 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]' -r -F
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and __fish_seen_subcommand_from add" -l actor -d 'Who is making the change, as recorded in the history [default: your login name]' -r
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and __fish_seen_subcommand_from add" -l color -d 'When to use colour (`NO_COLOR` turns it off under `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and __fish_seen_subcommand_from add" -l dry-run -d 'Show what would change, and change nothing'
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print no messages on stderr (data on stdout and errors still appear)'
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and __fish_seen_subcommand_from import" -l db -d 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]' -r -F
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and __fish_seen_subcommand_from import" -l actor -d 'Who is making the change, as recorded in the history [default: your login name]' -r
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and __fish_seen_subcommand_from import" -l color -d 'When to use colour (`NO_COLOR` turns it off under `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and __fish_seen_subcommand_from import" -l dry-run -d 'Show what would change, and change nothing'
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print no messages on stderr (data on stdout and errors still appear)'
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help'
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and __fish_seen_subcommand_from remove" -l stdin-csv -d 'Read contact ids from column COLUMN (its header name, or its number from 1) of a CSV file with a header row on stdin' -r
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and __fish_seen_subcommand_from remove" -l db -d 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]' -r -F
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and __fish_seen_subcommand_from remove" -l actor -d 'Who is making the change, as recorded in the history [default: your login name]' -r
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and __fish_seen_subcommand_from remove" -l color -d 'When to use colour (`NO_COLOR` turns it off under `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and __fish_seen_subcommand_from remove" -l stdin -d 'Read contact ids from stdin, one per line (same as the single argument `-`)'
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and __fish_seen_subcommand_from remove" -s y -l yes -d 'Do not ask for confirmation (required off a terminal to change more than one contact)'
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and __fish_seen_subcommand_from remove" -l dry-run -d 'Show what would change, and change nothing'
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print no messages on stderr (data on stdout and errors still appear)'
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add one contact'
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and __fish_seen_subcommand_from help" -f -a "import" -d 'Add or update contacts from a CSV file with a header row (`-`: stdin)'
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove contacts (their history stays)'
complete -c botctl -n "__fish_botctl_using_subcommand contacts; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c botctl -n "__fish_botctl_using_subcommand mode" -l db -d 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]' -r -F
complete -c botctl -n "__fish_botctl_using_subcommand mode" -l actor -d 'Who is making the change, as recorded in the history [default: your login name]' -r
complete -c botctl -n "__fish_botctl_using_subcommand mode" -l color -d 'When to use colour (`NO_COLOR` turns it off under `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c botctl -n "__fish_botctl_using_subcommand mode" -l dry-run -d 'Show what would change, and change nothing'
complete -c botctl -n "__fish_botctl_using_subcommand mode" -s q -l quiet -d 'Print no messages on stderr (data on stdout and errors still appear)'
complete -c botctl -n "__fish_botctl_using_subcommand mode" -s h -l help -d 'Print help'
complete -c botctl -n "__fish_botctl_using_subcommand mode" -s V -l version -d 'Print version'
complete -c botctl -n "__fish_botctl_using_subcommand config; and not __fish_seen_subcommand_from get set help" -l format -d 'Output format of the list (`table` or `json`)' -r -f -a "table\t'A table on a terminal; tab-separated text with a header otherwise'
json\t'One JSON array (a single object for `status`)'
ndjson\t'One JSON object per line'
csv\t'CSV with a header row'
ids\t'One id per line, for `--stdin`'"
complete -c botctl -n "__fish_botctl_using_subcommand config; and not __fish_seen_subcommand_from get set help" -l db -d 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]' -r -F
complete -c botctl -n "__fish_botctl_using_subcommand config; and not __fish_seen_subcommand_from get set help" -l actor -d 'Who is making the change, as recorded in the history [default: your login name]' -r
complete -c botctl -n "__fish_botctl_using_subcommand config; and not __fish_seen_subcommand_from get set help" -l color -d 'When to use colour (`NO_COLOR` turns it off under `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c botctl -n "__fish_botctl_using_subcommand config; and not __fish_seen_subcommand_from get set help" -s q -l quiet -d 'Print no messages on stderr (data on stdout and errors still appear)'
complete -c botctl -n "__fish_botctl_using_subcommand config; and not __fish_seen_subcommand_from get set help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c botctl -n "__fish_botctl_using_subcommand config; and not __fish_seen_subcommand_from get set help" -s V -l version -d 'Print version'
complete -c botctl -n "__fish_botctl_using_subcommand config; and not __fish_seen_subcommand_from get set help" -f -a "get" -d 'Print one setting\'s value'
complete -c botctl -n "__fish_botctl_using_subcommand config; and not __fish_seen_subcommand_from get set help" -f -a "set" -d 'Change a setting'
complete -c botctl -n "__fish_botctl_using_subcommand config; and not __fish_seen_subcommand_from get set help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c botctl -n "__fish_botctl_using_subcommand config; and __fish_seen_subcommand_from get" -l db -d 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]' -r -F
complete -c botctl -n "__fish_botctl_using_subcommand config; and __fish_seen_subcommand_from get" -l actor -d 'Who is making the change, as recorded in the history [default: your login name]' -r
complete -c botctl -n "__fish_botctl_using_subcommand config; and __fish_seen_subcommand_from get" -l color -d 'When to use colour (`NO_COLOR` turns it off under `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c botctl -n "__fish_botctl_using_subcommand config; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Print no messages on stderr (data on stdout and errors still appear)'
complete -c botctl -n "__fish_botctl_using_subcommand config; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c botctl -n "__fish_botctl_using_subcommand config; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c botctl -n "__fish_botctl_using_subcommand config; and __fish_seen_subcommand_from set" -l db -d 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]' -r -F
complete -c botctl -n "__fish_botctl_using_subcommand config; and __fish_seen_subcommand_from set" -l actor -d 'Who is making the change, as recorded in the history [default: your login name]' -r
complete -c botctl -n "__fish_botctl_using_subcommand config; and __fish_seen_subcommand_from set" -l color -d 'When to use colour (`NO_COLOR` turns it off under `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c botctl -n "__fish_botctl_using_subcommand config; and __fish_seen_subcommand_from set" -l dry-run -d 'Show what would change, and change nothing'
complete -c botctl -n "__fish_botctl_using_subcommand config; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print no messages on stderr (data on stdout and errors still appear)'
complete -c botctl -n "__fish_botctl_using_subcommand config; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help'
complete -c botctl -n "__fish_botctl_using_subcommand config; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c botctl -n "__fish_botctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "get" -d 'Print one setting\'s value'
complete -c botctl -n "__fish_botctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change a setting'
complete -c botctl -n "__fish_botctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c botctl -n "__fish_botctl_using_subcommand completions" -l db -d 'The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]' -r -F
complete -c botctl -n "__fish_botctl_using_subcommand completions" -l actor -d 'Who is making the change, as recorded in the history [default: your login name]' -r
complete -c botctl -n "__fish_botctl_using_subcommand completions" -l color -d 'When to use colour (`NO_COLOR` turns it off under `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c botctl -n "__fish_botctl_using_subcommand completions" -s q -l quiet -d 'Print no messages on stderr (data on stdout and errors still appear)'
complete -c botctl -n "__fish_botctl_using_subcommand completions" -s h -l help -d 'Print help'
complete -c botctl -n "__fish_botctl_using_subcommand completions" -s V -l version -d 'Print version'
complete -c botctl -n "__fish_botctl_using_subcommand help; and not __fish_seen_subcommand_from status set snooze wake list sweep check record history undo contacts mode config completions help" -f -a "status" -d 'Show one contact: status, reason, timer, bot messages and what the bot does now'
complete -c botctl -n "__fish_botctl_using_subcommand help; and not __fish_seen_subcommand_from status set snooze wake list sweep check record history undo contacts mode config completions help" -f -a "set" -d 'Set contacts `active`, `snoozed` or `inactive` (no arguments on a terminal: ask)'
complete -c botctl -n "__fish_botctl_using_subcommand help; and not __fish_seen_subcommand_from status set snooze wake list sweep check record history undo contacts mode config completions help" -f -a "snooze" -d 'Snooze contacts for a while (`--for`, `--until`, else the `sleep-time` setting)'
complete -c botctl -n "__fish_botctl_using_subcommand help; and not __fish_seen_subcommand_from status set snooze wake list sweep check record history undo contacts mode config completions help" -f -a "wake" -d 'Make contacts active now'
complete -c botctl -n "__fish_botctl_using_subcommand help; and not __fish_seen_subcommand_from status set snooze wake list sweep check record history undo contacts mode config completions help" -f -a "list" -d 'List contacts, with filters, as a table or for programs'
complete -c botctl -n "__fish_botctl_using_subcommand help; and not __fish_seen_subcommand_from status set snooze wake list sweep check record history undo contacts mode config completions help" -f -a "sweep" -d 'Write down every timer that has run out (run it from cron every minute)'
complete -c botctl -n "__fish_botctl_using_subcommand help; and not __fish_seen_subcommand_from status set snooze wake list sweep check record history undo contacts mode config completions help" -f -a "check" -d 'May the bot answer this contact now? Prints reply, suggest or silent; exit 3 when silent'
complete -c botctl -n "__fish_botctl_using_subcommand help; and not __fish_seen_subcommand_from status set snooze wake list sweep check record history undo contacts mode config completions help" -f -a "record" -d 'Record a message event and apply the bot\'s rules to the contact'
complete -c botctl -n "__fish_botctl_using_subcommand help; and not __fish_seen_subcommand_from status set snooze wake list sweep check record history undo contacts mode config completions help" -f -a "history" -d 'Show the history of status changes, newest first'
complete -c botctl -n "__fish_botctl_using_subcommand help; and not __fish_seen_subcommand_from status set snooze wake list sweep check record history undo contacts mode config completions help" -f -a "undo" -d 'Put back every contact a batch changed, as it was before'
complete -c botctl -n "__fish_botctl_using_subcommand help; and not __fish_seen_subcommand_from status set snooze wake list sweep check record history undo contacts mode config completions help" -f -a "contacts" -d 'Add, import or remove contacts'
complete -c botctl -n "__fish_botctl_using_subcommand help; and not __fish_seen_subcommand_from status set snooze wake list sweep check record history undo contacts mode config completions help" -f -a "mode" -d 'Show or set the workspace\'s bot mode: off, suggestive or autopilot'
complete -c botctl -n "__fish_botctl_using_subcommand help; and not __fish_seen_subcommand_from status set snooze wake list sweep check record history undo contacts mode config completions help" -f -a "config" -d 'Show or change the settings'
complete -c botctl -n "__fish_botctl_using_subcommand help; and not __fish_seen_subcommand_from status set snooze wake list sweep check record history undo contacts mode config completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c botctl -n "__fish_botctl_using_subcommand help; and not __fish_seen_subcommand_from status set snooze wake list sweep check record history undo contacts mode config completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c botctl -n "__fish_botctl_using_subcommand help; and __fish_seen_subcommand_from contacts" -f -a "add" -d 'Add one contact'
complete -c botctl -n "__fish_botctl_using_subcommand help; and __fish_seen_subcommand_from contacts" -f -a "import" -d 'Add or update contacts from a CSV file with a header row (`-`: stdin)'
complete -c botctl -n "__fish_botctl_using_subcommand help; and __fish_seen_subcommand_from contacts" -f -a "remove" -d 'Remove contacts (their history stays)'
complete -c botctl -n "__fish_botctl_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "get" -d 'Print one setting\'s value'
complete -c botctl -n "__fish_botctl_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "set" -d 'Change a setting'
