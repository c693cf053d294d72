"""``zpush-sim load``: the device profiles as Locust users (`locustfile`), and the phone they drive (`phone`)."""
