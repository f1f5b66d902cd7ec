-- One database per service (SPEC §1): no service reads another's; the desk's holds its sessions (R25).
CREATE DATABASE client_gate_intake;
CREATE DATABASE client_gate_registry;
CREATE DATABASE client_gate_activation;
CREATE DATABASE client_gate_notifications;
CREATE DATABASE client_gate_desk;
