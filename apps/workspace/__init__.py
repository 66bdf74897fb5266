"""Pages every signed-in role shares: the workbench, the project page and its actions and files, the notification inbox, login and password."""
