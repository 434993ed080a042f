"""The live feed of monitoring data: air stations and water sections post their readings
(``POST /api/observations/air|water``), each value is quality-controlled and kept with its
flags, and an arrival monitor tells which stations have gone quiet."""
