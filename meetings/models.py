"""When people meet: multi-agency meetings, their scaling answers, decisions, actions and
statutory deadlines. The models arrive with the meetings capability."""
