// Dashboard placeholder
