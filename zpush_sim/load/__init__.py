"""``zpush-sim load``: profiles as Locust users (`locustfile`), the phone they drive (`phone`)."""
