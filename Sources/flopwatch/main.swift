import FlopCommands
FlopwatchCommand.main()
