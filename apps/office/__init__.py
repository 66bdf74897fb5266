"""Screens of the programme office (the commission and the agency): campaigns, approval, training, the expert pool, panels, results and awards."""
