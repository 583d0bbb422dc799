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
  changeTab(e) { const index = e.detail; this.setData({ tab: index }); },
  changePanels(e) { const current = e.detail; this.setData({ open: current }); },
  changeLetter(e) { const [item] = e.detail; this.setData({ letter: item.label }); },
  changeBar(e) { const index = e.detail; this.setData({ barCurrent: index }); },
});
