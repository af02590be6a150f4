complete --keep-order --exclusive --command botctl --arguments "(COMPLETE=fish botctl -- (commandline --current-process --tokenize --cut-at-cursor) (commandline --current-token))"
