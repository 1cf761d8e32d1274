// WireClient placeholder
