// ServerCore placeholder
