"""zpush-sim: the command line and the glue that joins server, devices and network."""
