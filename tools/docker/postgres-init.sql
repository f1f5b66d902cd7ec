-- One database per service (SPEC §1): no service reads another's.
CREATE DATABASE client_gate_intake;
CREATE DATABASE client_gate_registry;
CREATE DATABASE client_gate_activation;
CREATE DATABASE client_gate_notifications;
