print("daemon-tui")
