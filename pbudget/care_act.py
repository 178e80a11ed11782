"""The ten outcomes of the Care and Support (Eligibility Criteria) Regulations 2015."""

from django.db import models


class CareActOutcome(models.TextChoices):
    NUTRITION = "nutrition", "Managing and maintaining nutrition"
    HYGIENE = "hygiene", "Maintaining personal hygiene"
    TOILET = "toilet", "Managing toilet needs"
    CLOTHING = "clothing", "Being appropriately clothed"
    HOME_SAFETY = "home_safety", "Being able to make use of the home safely"
    HABITABLE_HOME = "habitable_home", "Maintaining a habitable home environment"
    RELATIONSHIPS = "relationships", "Developing and maintaining family or other personal relationships"
    WORK_LEARNING = "work_learning", "Accessing and engaging in work, training, education or volunteering"
    COMMUNITY = "community", "Making use of necessary facilities or services in the local community"
    CARING = "caring", "Carrying out any caring responsibilities for a child"
