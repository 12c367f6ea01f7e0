"""What the Voilà notebooks in voila_apps/ call: each builds one app from the kit's settings."""
