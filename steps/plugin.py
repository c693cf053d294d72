"""The pytest plugin (entry point ``zpush_sim_steps``) that offers every step and fixture."""
