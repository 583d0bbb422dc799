Page({
  data: {
    tabs: [
      { title: 'Fruit', content: 'Apples and pears' },
      { title: 'Vegetables', content: 'Tomatoes and potatoes' },
      { title: 'Animals', content: 'Cats and foxes' },
    ],
    tab: 0,
    panels: [
      { title: 'First', content: 'First panel content' },
      { title: 'Second', content: 'Second panel content' },
    ],
    open: [0],
    letters: 'ABCDEFG'.split('').map((label) => ({ label })),
    letter: '',
    bar: [
      { icon: 'AppOutline', activeIcon: 'AppOutline', text: 'Home' },
      { icon: 'StarOutline', activeIcon: 'StarFill', text: 'Saved' },
      { icon: 'UserOutline', activeIcon: 'UserOutline', text: 'Me' },
    ],
    barCurrent: 0,
  },
  changeTab(index) { this.setData({ tab: index }); },
  changePanels(current) { this.setData({ open: current }); },
  changeLetter(item) { this.setData({ letter: item.label }); },
  changeBar(index) { this.setData({ barCurrent: index }); },
});
