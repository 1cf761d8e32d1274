// Daemon placeholder
