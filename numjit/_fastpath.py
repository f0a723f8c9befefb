"""Native dispatch (placeholder: every call takes the Python path for now)."""


def update(disp):
    pass
