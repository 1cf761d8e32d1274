// APIServer placeholder
